package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ObservabilityTest {

    /** A distinctive place to park, so the dump can be checked for it. */
    static final class Parker {
        static void parkUntil(CountDownLatch release) {
            while (release.getCount() > 0) {
                LockSupport.park(release);
            }
        }
    }

    /** Starts {@code n} goroutines that park until {@code release}, and returns once each has started. */
    private static void startParked(int n, CountDownLatch release) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Gmp.go(() -> {
                started.countDown();
                Parker.parkUntil(release);
            });
        }
        assertTrue(started.await(10, TimeUnit.SECONDS), started.getCount() + " goroutines never started");
    }

    @Test
    void schedtraceHasGosFormat() {
        Gmp.go(() -> {});
        String line = Gmp.schedtrace();
        Pattern go = Pattern.compile("SCHED \\d+ms: gomaxprocs=(\\d+) idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ "
                + "idlethreads=\\d+ syscallprocs=\\d+ syscallthreads=\\d+ runqueue=\\d+ \\[(\\d+( \\d+)*)\\]");
        var m = go.matcher(line);
        assertTrue(m.matches(), line);
        assertEquals(Integer.parseInt(m.group(1)), m.group(2).split(" ").length, "one queue length per P: " + line);
    }

    /**
     * scheddetail is the schedtrace line, then one line per P in id order and one per M; a G
     * spinning on a P shows as that P's curg, and that P names the M that runs it.
     */
    @Test
    void scheddetailListsEveryPAndMUnderTheSchedtraceLine() throws Exception {
        var spinning = new java.util.concurrent.atomic.AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(1);
        Thread spinner = Gmp.go(() -> {
            started.countDown();
            while (spinning.get()) {
                Thread.onSpinWait();
            }
        });
        try {
            assertTrue(started.await(10, TimeUnit.SECONDS), "the spinning G never ran");
            String[] lines = Gmp.scheddetail().split("\n");
            assertTrue(lines[0].startsWith("SCHED "), lines[0]);
            int procs = Gmp.gomaxprocs();
            Pattern p = Pattern.compile("  P(\\d+): status=(idle|running|syscall) schedtick=\\d+ syscalltick=\\d+ "
                    + "m=(-1|\\d+) runqsize=\\d+ runnext=(-1|\\d+) curg=(-1|\\d+)");
            Pattern m = Pattern.compile("  M(\\d+): p=(-1|\\d+) state=(running|spinning|idle|syscall)");
            Set<String> running = new java.util.HashSet<>();
            for (int i = 0; i < procs; i++) {
                var pm = p.matcher(lines[1 + i]);
                assertTrue(pm.matches(), lines[1 + i]);
                assertEquals(i, Integer.parseInt(pm.group(1)), "Ps in id order");
                if (!pm.group(5).equals("-1")) running.add(pm.group(3));
            }
            assertFalse(running.isEmpty(), "the spinning G is on no P:\n" + String.join("\n", lines));
            Set<String> ms = new java.util.HashSet<>();
            for (int i = 1 + procs; i < lines.length; i++) {
                var mm = m.matcher(lines[i]);
                assertTrue(mm.matches(), lines[i]);
                ms.add(mm.group(1));
            }
            assertTrue(ms.containsAll(running), "a P names an M that is not listed:\n" + String.join("\n", lines));
        } finally {
            spinning.set(false);
            spinner.join();
        }
    }

    /**
     * With a few goroutines parked, the snapshot lists each P once in id order, every M once, and
     * P and M agree on who holds whom: an idle P names no M, a P in use names an M of the
     * snapshot, an M holds only an existing P and an idle M holds none. The parked goroutines
     * count as created, unfinished and waiting.
     */
    @Test
    void snapshotDescribesEveryPAndM() throws Exception {
        int parkedGoroutines = 8;
        CountDownLatch release = new CountDownLatch(1);
        long createdBefore = Gmp.snapshot().totals().created();
        startParked(parkedGoroutines, release);
        Snapshot s;
        try {
            Thread.sleep(50); // the last to count down is parked by now
            s = Gmp.snapshot();
        } finally {
            release.countDown();
        }
        assertEquals(Gmp.gomaxprocs(), s.gomaxprocs());
        assertEquals(IntStream.range(0, s.gomaxprocs()).boxed().toList(),
                s.procs().stream().map(Snapshot.Proc::id).toList(), "one entry per P, in id order");
        Set<Long> machines = s.machines().stream().map(Snapshot.Machine::id).collect(Collectors.toSet());
        assertFalse(machines.isEmpty());
        assertEquals(s.machines().size(), machines.size(), "each M once: " + s.machines());
        for (Snapshot.Proc p : s.procs()) {
            if (p.status() == Snapshot.ProcStatus.IDLE) {
                assertEquals(-1, p.m(), "an idle P names no M: " + p);
            } else {
                assertTrue(machines.contains(p.m()), "a P in use names an M of the snapshot: " + p);
            }
        }
        for (Snapshot.Machine m : s.machines()) {
            assertTrue(m.p() >= -1 && m.p() < s.gomaxprocs(), "an M holds an existing P or none: " + m);
            if (m.state() == Snapshot.MachineState.IDLE) {
                assertEquals(-1, m.p(), "an idle M holds no P: " + m);
            }
        }
        assertTrue(s.totals().created() - createdBefore >= parkedGoroutines, s.totals().toString());
        assertTrue(s.totals().created() - s.totals().finished() >= parkedGoroutines,
                "the parked goroutines have not finished: " + s.totals());
        assertTrue(s.goroutines().waiting() >= parkedGoroutines, s.goroutines().toString());
        assertThrows(UnsupportedOperationException.class, () -> s.procs().add(null), "snapshot must be immutable");
    }

    @Test
    void snapshotCountsParkedGoroutinesAsWaiting() throws Exception {
        int n = 100;
        CountDownLatch release = new CountDownLatch(1);
        long before = Gmp.snapshot().goroutines().waiting();
        startParked(n, release);
        Thread.sleep(50);
        try {
            assertTrue(Gmp.snapshot().goroutines().waiting() >= before + n - 2, Gmp.snapshot().goroutines().toString());
        } finally {
            release.countDown();
        }
    }

    @Test
    void goroutineDumpGroupsIdenticalStacks() throws Exception {
        int n = 25;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Gmp.go(() -> {
                parked.countDown();
                Parker.parkUntil(release);
            });
        }
        assertTrue(parked.await(10, TimeUnit.SECONDS));
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            GoroutineGroup group = null;
            while (group == null || group.count() < n) {
                assertTrue(System.nanoTime() < deadline, "no group of " + n + " parked goroutines: " + Gmp.goroutineDump());
                Thread.sleep(10);
                group = Gmp.goroutines().stream()
                        .filter(g -> g.stack().stream().anyMatch(f -> f.contains("Parker.parkUntil")))
                        .findFirst().orElse(null);
            }
            assertEquals(n, group.count());
            assertEquals("waiting", group.state());
            assertEquals("park on CountDownLatch", group.waitReason());
            assertEquals(n, group.goids().size());
            String text = Gmp.goroutineDump();
            assertTrue(text.startsWith("goroutine profile: total "), text);
            assertTrue(text.contains(n + " @ waiting [park on CountDownLatch]"), text);
            assertTrue(text.contains("#\t" + Parker.class.getName() + ".parkUntil"), text);
        } finally {
            release.countDown();
        }
    }
}

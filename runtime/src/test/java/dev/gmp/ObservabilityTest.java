package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
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

    @Test
    void snapshotDescribesEveryPAndM() throws Exception {
        Gmp.go(() -> {});
        Snapshot s = Gmp.snapshot();
        assertEquals(Gmp.gomaxprocs(), s.gomaxprocs());
        assertEquals(s.gomaxprocs(), s.procs().size());
        for (int i = 0; i < s.procs().size(); i++) {
            Snapshot.Proc p = s.procs().get(i);
            assertEquals(i, p.id());
            assertTrue(p.runqueue() >= 0 && p.runqueue() <= 256);
            if (p.status() == Snapshot.ProcStatus.IDLE) assertEquals(-1, p.m());
        }
        assertFalse(s.machines().isEmpty());
        for (Snapshot.Machine m : s.machines()) {
            assertTrue(m.p() >= -1 && m.p() < Math.max(s.gomaxprocs(), 64));
        }
        assertTrue(s.totals().created() >= s.totals().finished());
        assertTrue(s.goroutines().total() >= 0);
        assertThrows(UnsupportedOperationException.class, () -> s.procs().add(null), "snapshot must be immutable");
    }

    @Test
    void snapshotCountsParkedGoroutinesAsWaiting() throws Exception {
        int n = 100;
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch parked = new CountDownLatch(n);
        long before = Gmp.snapshot().goroutines().waiting();
        for (int i = 0; i < n; i++) {
            Gmp.go(() -> {
                parked.countDown();
                Parker.parkUntil(release);
            });
        }
        assertTrue(parked.await(10, TimeUnit.SECONDS));
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

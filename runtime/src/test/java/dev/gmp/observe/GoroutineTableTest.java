package dev.gmp.observe;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.GoroutineRow;
import dev.gmp.GoroutineSort;
import dev.gmp.SchedWarning;
import dev.gmp.testsupport.RestoredAfterEach;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import dev.gmp.sched.Sched;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In a package of its own, as an application's code: the table tells its frames from gmp's. The goroutine table (Gmp.goroutineTable), a goroutine's stack by id, and the scheduler's warnings. */
class GoroutineTableTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private final Map<Thread, Long> goids = new ConcurrentHashMap<>();

    /** Starts {@code body} as a goroutine that notes its own goid first. */
    private Thread go(Runnable body) {
        return Gmp.go(() -> {
            goids.put(Thread.currentThread(), Sched.get().currentG().goid);
            body.run();
        });
    }

    private long goid(Thread g) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!goids.containsKey(g)) {
            assertTrue(System.nanoTime() < deadline, g + " never ran");
            Thread.sleep(1);
        }
        return goids.get(g);
    }

    private static void awaitWaiting(Thread g) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (g.getState() != Thread.State.WAITING && g.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, g + " never waited: " + g.getState());
            Thread.sleep(1);
        }
    }

    /** The M that saw the goroutine end unregisters it a moment after join returns. */
    private static void awaitGone(long goid) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (Gmp.goroutineStack(goid).isPresent()) {
            assertTrue(System.nanoTime() < deadline, "goroutine " + goid + " is still registered");
            Thread.sleep(1);
        }
    }

    private GoroutineRow rowOf(Thread g, List<GoroutineRow> rows) throws InterruptedException {
        long goid = goid(g);
        return rows.stream().filter(r -> r.goid() == goid).findFirst()
                .orElseThrow(() -> new AssertionError("goroutine " + goid + " not in " + rows));
    }

    @Test
    void aGoroutineBlockedOnAChannelIsWaitingWithItsReasonAndItsOwnTopFrame() throws Exception {
        Chan<Integer> ch = Chan.make();
        Thread g = go(() -> receiveFrom(ch));
        awaitWaiting(g);
        try {
            GoroutineRow row = rowOf(g, Gmp.goroutineTable(GoroutineSort.ID, 500, "waiting"));
            assertEquals("waiting", row.state());
            assertEquals("chan receive", row.waitReason());
            assertTrue(row.topFrame().contains("GoroutineTableTest.receiveFrom"), row.topFrame());
            assertTrue(row.slices() >= 1 && row.wakeups() >= 1, row.toString());
            assertEquals(row.ageNanos(), row.runnableNanos() + row.runningNanos() + row.waitingNanos(), 1_000_000,
                    "the three times split its age: " + row);
        } finally {
            ch.send(1);
            g.join();
        }
    }

    private static void receiveFrom(Chan<Integer> ch) {
        ch.recv();
    }

    @Test
    void sortingBySlicesPutsAGoroutineThatYieldedOftenFirst() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread busy = go(() -> {
            for (int i = 0; i < 300; i++) Gmp.gosched();
            await(release);
        });
        Thread quiet = go(() -> await(release));
        awaitWaiting(busy);
        awaitWaiting(quiet);
        try {
            List<GoroutineRow> rows = Gmp.goroutineTable(GoroutineSort.SLICES, 500, null);
            GoroutineRow b = rowOf(busy, rows), q = rowOf(quiet, rows);
            assertTrue(rows.indexOf(b) < rows.indexOf(q), "busy before quiet: " + rows);
            assertTrue(b.slices() > 300 && b.wakeups() > 300, b.toString());
            for (int i = 1; i < rows.size(); i++) {
                assertTrue(rows.get(i - 1).slices() >= rows.get(i).slices(), "descending slices: " + rows);
            }
        } finally {
            release.countDown();
            busy.join();
            quiet.join();
        }
    }

    @Test
    void theTableKeepsTheTopNOfManyGoroutinesAndFiltersByState() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> gs = new ArrayList<>();
        for (int i = 0; i < 200; i++) gs.add(go(() -> await(release)));
        for (Thread g : gs) awaitWaiting(g);
        try {
            List<GoroutineRow> rows = Gmp.goroutineTable(GoroutineSort.ID, 10, "waiting");
            assertEquals(10, rows.size());
            for (int i = 1; i < rows.size(); i++) assertTrue(rows.get(i - 1).goid() < rows.get(i).goid(), rows.toString());
            assertTrue(Gmp.goroutineTable(GoroutineSort.ID, 500, "running").stream().allMatch(r -> r.state().equals("running")));
            long waiting = Gmp.goroutineTable(GoroutineSort.AGE, 500, "waiting").size();
            assertTrue(waiting >= 200, "every waiting goroutine is a candidate: " + waiting);
        } finally {
            release.countDown();
            for (Thread g : gs) g.join();
        }
    }

    @Test
    void badLimitsAndStatesAreRefusedNamingTheValidValues() {
        IllegalArgumentException limit = assertThrows(IllegalArgumentException.class,
                () -> Gmp.goroutineTable(GoroutineSort.ID, 0, null));
        assertTrue(limit.getMessage().contains("1 to 500"), limit.getMessage());
        IllegalArgumentException state = assertThrows(IllegalArgumentException.class,
                () -> Gmp.goroutineTable(GoroutineSort.ID, 10, "sleeping"));
        assertTrue(state.getMessage().contains("running, runnable, waiting, syscall"), state.getMessage());
        IllegalArgumentException sort = assertThrows(IllegalArgumentException.class, () -> GoroutineSort.parse("cpu"));
        assertTrue(sort.getMessage().contains("id, age, runnable, running, waiting, slices, wakeups"), sort.getMessage());
    }

    @Test
    void aGoroutinesStackIsFoundByItsIdAndAnEndedOneHasNone() throws Exception {
        Chan<Integer> ch = Chan.make();
        Thread g = go(() -> receiveFrom(ch));
        awaitWaiting(g);
        long goid = goid(g);
        List<String> stack = Gmp.goroutineStack(goid).orElseThrow();
        assertTrue(stack.stream().anyMatch(f -> f.contains("GoroutineTableTest.receiveFrom")), stack.toString());
        ch.send(1);
        g.join();
        awaitGone(goid);
        assertTrue(Gmp.goroutineStack(goid).isEmpty());
    }

    @Test
    void aSliceOverTenMillisecondsIsALongRunningWarningWithItsStack() throws Exception {
        // Every such slice is counted; one warning of a kind is kept per 10 ms, so another long slice
        // on a loaded machine (a G of an earlier test) may take our turn: a few tries, each counted.
        Optional<SchedWarning> kept = Optional.empty();
        for (int attempt = 0; attempt < 5 && kept.isEmpty(); attempt++) {
            long before = Gmp.warningCount(SchedWarning.Kind.LONG_RUNNING);
            Thread g = go(GoroutineTableTest::spinFor50Millis);
            g.join();
            long goid = goid(g);
            assertTrue(Gmp.warningCount(SchedWarning.Kind.LONG_RUNNING) > before, "a 50 ms slice was not counted");
            kept = Gmp.warnings().stream().filter(x -> x.kind() == SchedWarning.Kind.LONG_RUNNING && x.goid() == goid).findFirst();
        }
        SchedWarning w = kept.orElseThrow(() -> new AssertionError("no warning kept for any of 5 long slices: " + Gmp.warnings()));
        assertTrue(w.durationNanos() >= 10_000_000, w.toString());
        assertTrue(w.stack().stream().anyMatch(f -> f.contains("spinFor50Millis")), w.stack().toString());
    }

    private static void spinFor50Millis() {
        long end = System.nanoTime() + 50_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void goroutinesQueuedBehindAHogForOverAHundredMillisecondsAreRunnableTooLongWarnings() throws Exception {
        Gmp.gomaxprocs(1);
        long before = Gmp.warningCount(SchedWarning.Kind.RUNNABLE_TOO_LONG);
        AtomicBoolean hogging = new AtomicBoolean();
        Thread hog = go(() -> {
            hogging.set(true);
            long end = System.nanoTime() + 200_000_000;
            while (System.nanoTime() < end) Thread.onSpinWait();
        });
        while (!hogging.get()) Thread.onSpinWait();
        // 1 in 32 of the starts is timed: 512 make a timed one certain in practice.
        List<Thread> queued = new ArrayList<>();
        for (int i = 0; i < 512; i++) queued.add(go(() -> {}));
        hog.join();
        for (Thread g : queued) g.join();
        assertTrue(Gmp.warningCount(SchedWarning.Kind.RUNNABLE_TOO_LONG) > before);
        SchedWarning w = Gmp.warnings().stream().filter(x -> x.kind() == SchedWarning.Kind.RUNNABLE_TOO_LONG)
                .findFirst().orElseThrow();
        assertTrue(w.durationNanos() >= 100_000_000, w.toString());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.gmp.agent;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.Snapshot;
import dev.gmp.sched.Sched;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trace=DIR: the flight recorder's trace is written on a new deadlock report or a long-running G, within bounds. */
class TraceDumpsTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    /** A snapshot of this JVM with the deadlock report and long-running count replaced. */
    private static Snapshot with(String deadlock, long longRunning) {
        Snapshot s = Gmp.snapshot();
        Snapshot.Totals t = s.totals();
        Snapshot.Totals totals = new Snapshot.Totals(t.created(), t.finished(), t.switches(), t.parks(), t.yields(),
                t.steals(), t.syscalls(), t.handoffs(), t.retakes(), longRunning, t.threadLimitHits(), t.timersFired(),
                t.mWakeUps(), t.mWakeUpsWhileSpinning());
        return new Snapshot(s.uptimeMillis(), s.gomaxprocs(), s.runqCapacity(), s.procs(), s.globalRunqueue(),
                s.machines(), s.goroutines(), totals, s.schedLatency(), s.slices(), deadlock);
    }

    @Test
    void aNewDeadlockReportWritesOneChromeTraceAndTheSameReportNoSecond() throws Exception {
        TraceDumps dumps = new TraceDumps(dir, 0);
        assertEquals(Optional.empty(), dumps.check(with("", 0), 0));
        Path file = dumps.check(with("fatal error: all goroutines are asleep - deadlock!", 0), SECOND).orElseThrow();
        assertTrue(file.getFileName().toString().matches("gmp-trace-\\d{8}-\\d{6}-\\d{3}-deadlock\\.json"), file.toString());
        assertTrue(Files.readString(file).startsWith("{\"displayTimeUnit\":\"ns\",\"traceEvents\":["));
        assertEquals(Optional.empty(), dumps.check(with("fatal error: all goroutines are asleep - deadlock!", 0), 2 * SECOND));
    }

    @Test
    void aGrowingLongRunningCountWritesADumpAtMostEveryTenSeconds() throws Exception {
        TraceDumps dumps = new TraceDumps(dir, 5);
        assertEquals(Optional.empty(), dumps.check(with("", 5), SECOND), "the 5 counted before the start are history");
        assertTrue(dumps.check(with("", 6), 2 * SECOND).orElseThrow().toString().endsWith("-long-running.json"));
        assertEquals(Optional.empty(), dumps.check(with("", 7), 3 * SECOND), "within 10 s of the last dump");
        assertTrue(dumps.check(with("", 8), 13 * SECOND).isPresent(), "10 s later, a new one");
    }

    @Test
    void theDumpOfARealLongRunningGoroutineHoldsItsSlice() throws Exception {
        TraceDumps dumps = new TraceDumps(dir, Gmp.snapshot().totals().longRunning());
        AtomicLong goid = new AtomicLong();
        Thread hog = Gmp.go(() -> {
            goid.set(Sched.get().currentG().goid);
            long end = System.nanoTime() + 40_000_000; // over sysmon's 10 ms: flagged long-running
            while (System.nanoTime() < end) Thread.onSpinWait();
        });
        assertTrue(hog.join(Duration.ofSeconds(10)));
        Optional<Path> file = Optional.empty();
        for (int i = 0; i < 200 && file.isEmpty(); i++) {
            file = dumps.check(Gmp.snapshot(), System.nanoTime());
            if (file.isEmpty()) Thread.sleep(10);
        }
        String trace = Files.readString(file.orElseThrow(() -> new AssertionError("no dump after a 40 ms slice")));
        assertTrue(trace.contains("\"name\":\"G" + goid.get() + "\""), "the hog's slice is in the dump");
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file.get()), files.toList(), "no partial file is left");
        }
    }
}

package dev.gmp.agent;

import dev.gmp.Gmp;
import dev.gmp.Snapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * {@code trace=DIR}: when the scheduler reports a deadlock or sysmon flags a goroutine that ran over
 * 10 ms without yielding, the flight recorder's last {@value #WINDOW_SECONDS} seconds are written
 * to DIR as a Chrome trace ({@code gmp-trace-<time>-deadlock.json} or {@code -long-running.json}),
 * for Perfetto UI or chrome://tracing.
 *
 * <p>A platform daemon thread, {@code gmp-trace-dumps}, polls the scheduler's snapshot (its
 * deadlock report and long-running count) every {@value #POLL_MILLIS} ms: nothing is added to the
 * scheduler. Bounded: a long-running dump at most every {@value #MIN_GAP_SECONDS} s (a CPU-bound
 * program trips the 10 ms rule constantly), each new deadlock report once, at most {@value
 * #MAX_FILES} files per run. With {@code -Dgmp.deadlock=exit} the JVM halts at the report, before
 * a dump can be written. A failure to write is logged once and never reaches the application.
 */
final class TraceDumps {
    static final int WINDOW_SECONDS = 5;
    static final long POLL_MILLIS = 100;
    static final long MIN_GAP_SECONDS = 10;
    static final int MAX_FILES = 100;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS");

    private final Path dir;
    /** State of the polling thread only (after construction). */
    private long longRunningSeen;
    private String deadlockSeen = "";
    private long lastLongRunningDump;
    private int written;

    /** Dumps into {@code dir} for long-running Gs beyond the first {@code longRunningBefore} (those came before). */
    TraceDumps(Path dir, long longRunningBefore) {
        this.dir = dir;
        this.longRunningSeen = longRunningBefore;
    }

    /** Starts the polling thread for {@code dir}; only what happens from now on is dumped. */
    static void start(Path dir) {
        TraceDumps dumps = new TraceDumps(dir, Gmp.snapshot().totals().longRunning());
        Thread.ofPlatform().daemon().name("gmp-trace-dumps").start(dumps::loop);
    }

    private void loop() {
        boolean failedBefore = false;
        while (true) {
            try {
                Thread.sleep(POLL_MILLIS);
                check(Gmp.snapshot(), System.nanoTime()).ifPresent(f -> AgentLog.info("wrote the flight recorder's trace to " + f));
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                if (!failedBefore) {
                    failedBefore = true;
                    try {
                        AgentLog.error("could not write a trace dump to " + dir + " (further failures not shown): " + t);
                    } catch (Throwable noHeap) { // an exhausted heap fails the report too: go on without it
                    }
                }
            }
        }
    }

    /**
     * Looks at one snapshot taken at {@code nowNanos}: writes a dump if a new deadlock report
     * appeared or the long-running count grew since the last look, within the bounds above.
     * Returns the file written.
     */
    Optional<Path> check(Snapshot s, long nowNanos) throws IOException {
        String reason = null;
        long longRunning = s.totals().longRunning();
        if (!s.deadlock().isEmpty() && !s.deadlock().equals(deadlockSeen)) {
            reason = "deadlock";
        } else if (longRunning > longRunningSeen
                && (lastLongRunningDump == 0 || nowNanos - lastLongRunningDump >= MIN_GAP_SECONDS * 1_000_000_000L)) {
            reason = "long-running";
            lastLongRunningDump = nowNanos;
        }
        deadlockSeen = s.deadlock();
        longRunningSeen = longRunning;
        if (reason == null || written >= MAX_FILES) {
            return Optional.empty();
        }
        String name = "gmp-trace-" + LocalDateTime.now().format(STAMP) + "-" + reason + ".json";
        Path partial = dir.resolve(name + ".part");
        Path file = dir.resolve(name);
        Gmp.flightRecorder().writeChromeTrace(Duration.ofSeconds(WINDOW_SECONDS), partial);
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE); // a reader (or an exit) never sees half a file
        if (++written == MAX_FILES) {
            AgentLog.info("wrote " + MAX_FILES + " trace dumps to " + dir + "; no more in this run");
        }
        return Optional.of(file);
    }
}

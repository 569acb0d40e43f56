package dev.gmp;

import dev.gmp.chan.DeadlockDetector;
import dev.gmp.chan.Timers;
import dev.gmp.sched.GoroutineDump;
import dev.gmp.sched.GoroutineTable;
import dev.gmp.sched.Sched;
import dev.gmp.sched.SchedConfig;
import dev.gmp.sched.SchedStats;
import dev.gmp.sched.Schedtrace;
import dev.gmp.sched.SnapshotBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * gmp's entry points, named after Go's runtime package.
 *
 * <pre>{@code
 * Thread t = Gmp.go(() -> System.out.println("hello from a goroutine"));
 * Gmp.gomaxprocs(4);
 * System.err.println(Gmp.schedtrace());
 * }</pre>
 *
 * <p>Library use needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (and, for complete JFR
 * recordings, the two jdk.jfr packages {@link dev.gmp.jdk.CarrierEventWriter} names); under
 * {@code -javaagent:gmp-agent.jar} nothing is needed.
 */
public final class Gmp {
    private Gmp() {}

    /** Starts {@code task} as a goroutine: a virtual thread scheduled by gmp. Returns its thread. */
    public static Thread go(Runnable task) {
        return Sched.get().go(task);
    }

    /** The number of Ps (Go's runtime.GOMAXPROCS(0)). */
    public static int gomaxprocs() {
        Sched s = Sched.getIfStarted();
        return s != null ? s.gomaxprocs() : SchedConfig.fromSystemProperties().procs();
    }

    /**
     * Sets the number of Ps and returns the previous value. Takes effect without stopping the
     * world: Ps beyond {@code n} hand their Gs to the global queue at their M's next schedule.
     *
     * @throws IllegalArgumentException when {@code n < 1}
     */
    public static int gomaxprocs(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GOMAXPROCS must be at least 1, got " + n);
        }
        return Sched.get().procresize(n);
    }

    /**
     * Yields the processor (Go's runtime.Gosched): the calling G goes to the global run queue, so
     * every other runnable G gets a turn first. On a platform thread it is {@link Thread#yield()}.
     */
    public static void gosched() {
        Sched s = Sched.getIfStarted();
        if (s == null) {
            Thread.yield();
        } else {
            s.gosched();
        }
    }

    /**
     * Marks the start of a blocking call the scheduler cannot see (native code, blocking I/O):
     * if it lasts, sysmon hands this G's P to another M so the other Gs keep running. Pair with
     * {@link #exitsyscall()} in a finally block. Does nothing outside a goroutine.
     */
    public static void entersyscall() {
        Sched s = Sched.getIfStarted();
        if (s != null) {
            s.entersyscall();
        }
    }

    /** Ends a blocking call begun with {@link #entersyscall()}; may wait for a free P. */
    public static void exitsyscall() {
        Sched s = Sched.getIfStarted();
        if (s != null) {
            s.exitsyscall();
        }
    }

    /** Runs {@code call} between entersyscall and exitsyscall; its exception propagates unchanged. */
    public static <T> T syscall(Callable<T> call) throws Exception {
        entersyscall();
        try {
            return call.call();
        } finally {
            exitsyscall();
        }
    }

    /**
     * A cooperative preemption point: yields (like {@link #gosched()}) when sysmon has seen the
     * calling G run more than 10 ms in one time slice, else returns at once. Put it in long
     * CPU-bound loops; the agent's {@code preempt=on} inserts it at loop back-edges.
     */
    public static void checkPreempt() {
        Sched s = Sched.getIfStarted();
        if (s != null) {
            s.checkPreempt();
        }
    }

    /** Live goroutines (Go's runtime.NumGoroutine): system goroutines are not counted. */
    public static long numGoroutine() {
        Sched s = Sched.getIfStarted();
        return s == null ? 0 : s.liveGoroutines();
    }

    /** An immutable picture of every P, M and the run queues; O(P + M), no stop-the-world. */
    public static Snapshot snapshot() {
        Sched s = Sched.getIfStarted();
        return s == null ? SnapshotBuilder.empty(SchedConfig.fromSystemProperties())
                : SnapshotBuilder.take(s, DeadlockDetector.report());
    }

    /**
     * Whether the scheduling-latency and slice histograms ({@link Snapshot#schedLatency()}, the
     * goroutine table's runnable and running times) sample now: on by default, never under
     * {@code -Dgmp.schedStats=off}.
     */
    public static boolean schedStatsSampling() {
        return SchedStats.sampling();
    }

    /**
     * Stops ({@code false}) or resumes ({@code true}) the histograms' sampling at run time: stopped,
     * they keep their counts and the scheduler reads no clock for them.
     *
     * @throws IllegalStateException under {@code -Dgmp.schedStats=off}, where they are compiled out
     */
    public static void schedStatsSampling(boolean on) {
        SchedStats.sampling(on);
    }

    /** One line in Go's GODEBUG=schedtrace format; before the first goroutine, an all-idle line. */
    public static String schedtrace() {
        Sched s = Sched.getIfStarted();
        return s == null ? Schedtrace.notStartedLine(gomaxprocs()) : Schedtrace.line(s);
    }

    /**
     * Go's GODEBUG=scheddetail=1 report: the {@link #schedtrace()} line, then a line per P (status,
     * ticks, M, run queue, runnext, running G) and per M (its P, its state), each ending in a newline.
     */
    public static String scheddetail() {
        Sched s = Sched.getIfStarted();
        return s == null ? Schedtrace.notStartedLine(gomaxprocs()) + "\n" : Schedtrace.detail(s);
    }

    /** Live goroutines grouped by identical state and stack, largest group first; no system goroutines. */
    public static List<GoroutineGroup> goroutines() {
        return goroutines(false);
    }

    /**
     * Like {@link #goroutines()}; with {@code includeSystem}, also the system goroutines: virtual
     * threads the JDK started for itself under the agent (its socket sub-pollers), which Go's
     * runtime would hide the same way.
     */
    public static List<GoroutineGroup> goroutines(boolean includeSystem) {
        Sched s = Sched.getIfStarted();
        return s == null ? List.of() : GoroutineDump.groups(s, includeSystem);
    }

    /**
     * The goroutine table: the top {@code limit} (1 to 500) live goroutines by {@code sort}, only
     * those in {@code state} (running, runnable, waiting, syscall) unless it is null. One pass over
     * the goroutines; stacks are walked only for the rows returned. Empty before the first goroutine.
     *
     * @throws IllegalArgumentException for a limit or state out of range, naming the valid ones
     */
    public static List<GoroutineRow> goroutineTable(GoroutineSort sort, int limit, String state) {
        Objects.requireNonNull(sort, "sort");
        GoroutineTable.validate(limit, state); // also before the first goroutine: bad input is bad input
        Sched s = Sched.getIfStarted();
        return s == null ? List.of() : GoroutineTable.top(s, sort, limit, state);
    }

    /** The stack of the live goroutine {@code goid}, innermost frame first; empty if it is not live. */
    public static Optional<List<String>> goroutineStack(long goid) {
        Sched s = Sched.getIfStarted();
        return s == null ? Optional.empty() : GoroutineTable.stack(s, goid);
    }

    /** The latest warnings (long-running slices, goroutines runnable too long), newest first. */
    public static List<SchedWarning> warnings() {
        Sched s = Sched.getIfStarted();
        return s == null ? List.of() : s.warnings();
    }

    /** Warnings of {@code kind} seen since start, including those {@link #warnings()} no longer lists. */
    public static long warningCount(SchedWarning.Kind kind) {
        Sched s = Sched.getIfStarted();
        return s == null ? 0 : s.warningCount(kind);
    }

    /**
     * The scheduler's always-on flight recorder: the last moments of every P (slices, syscalls,
     * steals, handoffs), as a {@link Trace} or a Chrome/Perfetto trace file.
     */
    public static FlightRecorder flightRecorder() {
        return FlightRecorder.instance();
    }

    /** {@link #goroutines()} as text, like Go's goroutine profile with debug=1. */
    public static String goroutineDump() {
        return GoroutineDump.text(goroutines());
    }

    // ---- channels and timers -----------------------------------------------------------------

    /**
     * Go's time.After: a channel that receives the time once, after {@code delay} (at once when it
     * is zero or negative). Buffered (capacity 1), so the timer never waits for a receiver. A G
     * waiting for it is not deadlocked while the timer is pending.
     */
    public static Chan<Instant> after(Duration delay) {
        Objects.requireNonNull(delay, "delay");
        Chan<Instant> ch = Chan.make(1);
        Timers.after(delay, () -> Ticker.deliverTime(ch));
        return ch;
    }
}

package dev.gmp.bench.workload;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Warm-up that lasts until the JIT compilers go quiet. A server workload (an HTTP server, H2,
 * HikariCP, the JDK's HTTP client, and under the agent gmp's scheduler and the instrumented JDK
 * classes) keeps C2 busy for 10-20 s on 2 cores: in profiles of the real-server row with a fixed
 * 2 s warm-up, the compiler threads took about a third of the CPU for the whole run, on both sides,
 * and /hello, measured first, ran at 150-220 ms per 1k requests against 43 once the compilers were
 * done. A figure taken while they run measures the JIT, not the scheduler.
 */
public final class JitWarmUp {
    /** Quiet: the compilers used at most this share of one CPU during the last step. */
    static final double QUIET_SHARE = 0.05;
    /** The longest warm-up of a server workload before its figure is taken anyway: 13-21 s were needed on 2 cores. */
    public static final Duration SERVER_CAP = Duration.ofSeconds(40);

    private JitWarmUp() {}

    /** One step of warm-up work. */
    public interface Step {
        void run() throws Exception;
    }

    /**
     * Runs {@code step} at least once and again until the compilers were quiet during one whole step,
     * or {@code cap} has passed (then the figure is taken anyway, and stderr says so).
     */
    public static void untilQuiet(String what, Duration cap, Step step) throws Exception {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            step.run();
            System.err.println(what + ": one warm-up step (this JVM does not report its compilation time)");
            return;
        }
        untilQuiet(what, cap, step, jit::getTotalCompilationTime);
    }

    /** How a warm-up went: its wall time, its steps, and whether the compilers were quiet in the last. */
    record Outcome(Duration elapsed, int steps, boolean quiet) {}

    /** {@link #untilQuiet(String, Duration, Step)} with the compilers' accumulated milliseconds read from {@code compiledMillis}. */
    static Outcome untilQuiet(String what, Duration cap, Step step, LongSupplier compiledMillis) throws Exception {
        long start = System.nanoTime();
        int steps = 0;
        while (true) {
            long compiledBefore = compiledMillis.getAsLong(), stepStart = System.nanoTime();
            step.run();
            steps++;
            long stepMillis = Math.max(1, (System.nanoTime() - stepStart) / 1_000_000);
            double share = (compiledMillis.getAsLong() - compiledBefore) / (double) stepMillis;
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            boolean quiet = share <= QUIET_SHARE;
            if (quiet || elapsed.compareTo(cap) >= 0) {
                System.err.printf(Locale.ROOT, "%s: warm-up %.1f s in %d steps, compilers at %.0f%% of a CPU in the last%s%n",
                        what, elapsed.toMillis() / 1000.0, steps, 100 * share, quiet ? "" : " (cap reached: not quiet)");
                return new Outcome(elapsed, steps, quiet);
            }
        }
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * One row of the side-by-side table: the same work measured on gmp and on the JDK default
 * scheduler, each in its own JVM. To add a workload, extend {@link AbstractWorkload} with its
 * {@link WorkloadInfo} and list it in {@link Workloads}.
 *
 * <p>A child JVM runs {@link #warmups} unmeasured and {@link #measurements} measured calls of
 * {@link #measure} and reports their median. Every figure is lower-is-better;
 * {@link Double#POSITIVE_INFINITY} means "never happened within the workload's time bound", and
 * ends that JVM's run.
 */
public interface Workload {
    /** The id used on the command line, e.g. "pingpong-park". */
    String name();

    /** The table's description of the work. */
    String title();

    /** The unit of {@link #measure}'s figure, e.g. "ns/round trip". */
    String unit();

    Goal goal();

    /** How each side does the work, one sentence for the notes under the table. */
    String method();

    /** Processors (gmp Ps, JDK parallelism) this workload needs, or 0 for the harness's count. */
    default int procs() {
        return 0;
    }

    /** JVM options for both sides' child JVMs (the same on both, so heaps match). */
    default List<String> jvmOptions() {
        return List.of("-Xms1g", "-Xmx1g");
    }

    /**
     * The JVM options that make a child JVM {@code side}: by default that scheduler's own flags. A
     * workload whose sides differ by more than the scheduler (e.g. one runs under gmp's agent)
     * overrides this. Called in the harness's JVM, where the working directory is the repository's.
     */
    default List<String> sideJvmOptions(Scheduler side, int procs) {
        return side.jvmOptions(procs);
    }

    default int warmups(Size size) {
        return size.pick(1, 2);
    }

    default int measurements(Size size) {
        return size.pick(1, 3);
    }

    /**
     * For a full run, the longest the child may go on warming up after its {@link #warmups} until the
     * JIT compilers are quiet ({@link JitWarmUp}); zero (the default) for none. Server workloads,
     * whose code keeps the compilers busy for many seconds, set it.
     */
    default Duration warmUpUntilJitQuiet() {
        return Duration.ZERO;
    }

    /**
     * The fewest child JVMs per side this workload needs, whatever {@code --rounds} asks for. A row
     * whose goal is a few percent, less than the spread between two JVMs of the same side (object
     * layout, JIT decisions), asks for more: its figure is a median over that many JVMs.
     */
    default int minRounds(Size size) {
        return 1;
    }

    /**
     * Whether the two columns are two states of one JVM, measured alternately in the same child (a
     * feature on and off at run time): the harness then starts one child per round, with the gmp
     * side's options, and that child fills both columns ({@link #measureBothColumns}). A goal of a
     * few percent needs this, as the spread between two JVMs of one configuration is larger.
     */
    default boolean bothColumnsInOneJvm() {
        return false;
    }

    /**
     * One measurement of both columns in this JVM, for a workload that {@linkplain #bothColumnsInOneJvm
     * fills both}: the gmp column's figure per row, then the JDK column's. By default {@link
     * #measureRows} on each side in turn, the gmp side first when {@code gmpFirst}; a workload that can
     * switch between the two states while its load runs overrides this to measure them interleaved.
     */
    default double[] measureBothColumns(Size size, boolean gmpFirst) throws Exception {
        double[] first = measureRows(gmpFirst ? Scheduler.GMP : Scheduler.JDK, size);
        double[] second = measureRows(gmpFirst ? Scheduler.JDK : Scheduler.GMP, size);
        double[] gmp = gmpFirst ? first : second, jdk = gmpFirst ? second : first;
        double[] both = java.util.Arrays.copyOf(gmp, gmp.length + jdk.length);
        System.arraycopy(jdk, 0, both, gmp.length, jdk.length);
        return both;
    }

    /**
     * One measurement on {@code side}, in {@link #unit()}. Called in a child JVM of that side (or of
     * the gmp side, when {@link #bothColumnsInOneJvm}).
     */
    double measure(Scheduler side, Size size) throws Exception;

    /**
     * The table rows one run of this workload fills, in order: by default its own. A workload whose
     * one run yields several figures (wall and CPU time of the same run; throughput and p99 of each
     * endpoint) lists one {@link WorkloadInfo} per figure and overrides {@link #measureRows}.
     */
    default List<WorkloadInfo> rows() {
        return List.of(new WorkloadInfo(name(), title(), unit(), goal(), method(), go()));
    }

    /** One measurement of every row, in {@link #rows()} order: by default {@link #measure}'s figure. */
    default double[] measureRows(Scheduler side, Size size) throws Exception {
        return new double[] {measure(side, size)};
    }

    /** The Go anchor command for the same workload, or null when Go has none. */
    default GoFigure go() {
        return null;
    }

    /** A figure as the table shows it. */
    default String render(double value, Size size) {
        if (Double.isNaN(value)) {
            return "—";
        }
        if (Double.isInfinite(value)) {
            return "never";
        }
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 100 ? "%.0f" : magnitude >= 10 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }
}

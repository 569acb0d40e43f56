package dev.gmp.bench.harness;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.JitWarmUp;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Stats;
import dev.gmp.bench.workload.Workload;
import dev.gmp.bench.workload.Workloads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a child JVM: runs one workload on one scheduler and prints, as the last line,
 * the median of its measurements for each of its rows, {@code gmp-bench-result <figure> ...}
 * ({@code never} for +infinity). A workload that {@linkplain Workload#bothColumnsInOneJvm fills both
 * columns in one JVM} is measured on both sides alternately, and the line holds the gmp column's
 * figures, then the JDK column's. Usage: {@code WorkloadRunner <workload> <gmp|jdk> <quick|full>}.
 */
public final class WorkloadRunner {
    static final String RESULT_PREFIX = "gmp-bench-result ";
    static final String NEVER = "never";

    private WorkloadRunner() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: WorkloadRunner <workload> <gmp|jdk> <quick|full>; workloads: " + Workloads.names());
            System.exit(2);
        }
        Workload workload = Workloads.byName(args[0]);
        Scheduler side = Scheduler.byId(args[1]);
        Size size = Size.byId(args[2]);
        System.out.println(RESULT_PREFIX + format(figures(workload, side, size)));
        System.out.flush();
        // A starved or stuck virtual thread must not keep the child alive; every figure is printed.
        System.exit(0);
    }

    /**
     * Warm-ups, then the median of the measurements, one per row. A call that never finished its
     * work within the workload's bound ends the run at once: "never" is conclusive, and each such
     * call costs the bound.
     */
    static double[] figures(Workload workload, Scheduler side, Size size) throws Exception {
        if (workload.bothColumnsInOneJvm()) {
            return bothColumns(workload, size);
        }
        int rows = workload.rows().size();
        for (int i = 0; i < workload.warmups(size); i++) {
            double[] warmup = checked(workload, workload.measureRows(side, size), rows);
            System.err.println("warmup " + (i + 1) + ": " + Arrays.toString(warmup));
            if (anyNever(warmup)) {
                return warmup;
            }
        }
        Duration jitCap = workload.warmUpUntilJitQuiet();
        if (size == Size.FULL && !jitCap.isZero()) {
            JitWarmUp.untilQuiet(workload.name(), jitCap, () -> checked(workload, workload.measureRows(side, size), rows));
        }
        List<List<Double>> byRow = lists(rows);
        for (int i = 0; i < workload.measurements(size); i++) {
            double[] figures = checked(workload, workload.measureRows(side, size), rows);
            System.err.println("measurement " + (i + 1) + ": " + Arrays.toString(figures));
            if (anyNever(figures)) {
                return figures;
            }
            add(byRow, 0, figures);
        }
        return medians(byRow);
    }

    /**
     * Both columns in this JVM ({@link Workload#measureBothColumns}), the gmp column going first in
     * odd calls and second in even ones, so a drift within the JVM (JIT, heap, machine load) weighs on
     * both alike. The gmp column's medians, then the JDK column's. A side that never finishes is a
     * failure here: "never" has no meaning for a state of one JVM.
     */
    private static double[] bothColumns(Workload workload, Size size) throws Exception {
        int rows = workload.rows().size();
        List<List<Double>> byRow = lists(2 * rows);
        int warmups = workload.warmups(size);
        for (int i = 0; i < warmups + workload.measurements(size); i++) {
            boolean warmup = i < warmups;
            double[] figures = workload.measureBothColumns(size, i % 2 == 0);
            if (figures.length != 2 * rows) {
                throw new IllegalStateException(workload.name() + " measured " + figures.length + " figures for both columns of its "
                        + rows + " rows");
            }
            System.err.println((warmup ? "warmup " + (i + 1) : "measurement " + (i - warmups + 1)) + " (gmp column, JDK column): "
                    + Arrays.toString(figures));
            for (int f = 0; f < figures.length; f++) {
                if (Double.isInfinite(figures[f])) {
                    throw new IllegalStateException(workload.name() + ": the " + (f < rows ? "gmp" : "JDK") + " column never finished, "
                            + "in a JVM that measures both columns");
                }
            }
            if (!warmup) {
                add(byRow, 0, figures);
            }
        }
        return medians(byRow);
    }

    private static List<List<Double>> lists(int n) {
        List<List<Double>> lists = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }

    private static void add(List<List<Double>> byRow, int from, double[] figures) {
        for (int r = 0; r < figures.length; r++) {
            byRow.get(from + r).add(figures[r]);
        }
    }

    private static double[] medians(List<List<Double>> byRow) {
        double[] medians = new double[byRow.size()];
        for (int r = 0; r < medians.length; r++) {
            medians[r] = Stats.median(byRow.get(r));
        }
        return medians;
    }

    private static double[] checked(Workload workload, double[] figures, int rows) {
        if (figures.length != rows) {
            throw new IllegalStateException(workload.name() + " measured " + figures.length + " figures for its " + rows + " rows");
        }
        return figures;
    }

    private static boolean anyNever(double[] figures) {
        return Arrays.stream(figures).anyMatch(Double::isInfinite);
    }

    static String format(double... figures) {
        return String.join(" ", Arrays.stream(figures).mapToObj(f -> Double.isInfinite(f) ? NEVER : Double.toString(f)).toList());
    }

    /** The figures on a child's last result line, one per row, or null when it printed none. */
    static double[] parse(String output) {
        double[] figures = null;
        for (String line : output.split("\n")) {
            if (line.startsWith(RESULT_PREFIX)) {
                figures = Arrays.stream(line.substring(RESULT_PREFIX.length()).trim().split("\\s+"))
                        .mapToDouble(value -> value.equals(NEVER) ? Double.POSITIVE_INFINITY : Double.parseDouble(value))
                        .toArray();
            }
        }
        return figures;
    }
}

package dev.gmp.bench.harness;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Stats;
import dev.gmp.bench.workload.Workload;
import dev.gmp.bench.workload.Workloads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The main class of a child JVM: runs one workload on one scheduler and prints, as the last line,
 * the median of its measurements for each of its rows, {@code gmp-bench-result <figure> ...}
 * ({@code never} for +infinity). Usage: {@code WorkloadRunner <workload> <gmp|jdk> <quick|full>}.
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
        int rows = workload.rows().size();
        for (int i = 0; i < workload.warmups(size); i++) {
            double[] warmup = checked(workload, workload.measureRows(side, size), rows);
            System.err.println("warmup " + (i + 1) + ": " + Arrays.toString(warmup));
            if (anyNever(warmup)) {
                return warmup;
            }
        }
        List<List<Double>> byRow = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            byRow.add(new ArrayList<>());
        }
        for (int i = 0; i < workload.measurements(size); i++) {
            double[] figures = checked(workload, workload.measureRows(side, size), rows);
            System.err.println("measurement " + (i + 1) + ": " + Arrays.toString(figures));
            if (anyNever(figures)) {
                return figures;
            }
            for (int r = 0; r < rows; r++) {
                byRow.get(r).add(figures[r]);
            }
        }
        double[] medians = new double[rows];
        for (int r = 0; r < rows; r++) {
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

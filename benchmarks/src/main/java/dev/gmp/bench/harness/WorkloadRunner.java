package dev.gmp.bench.harness;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Stats;
import dev.gmp.bench.workload.Workload;
import dev.gmp.bench.workload.Workloads;
import java.util.ArrayList;
import java.util.List;

/**
 * The main class of a child JVM: runs one workload on one scheduler and prints the median of its
 * measurements as the last line, {@code gmp-bench-result <figure>} ({@code never} for +infinity).
 * Usage: {@code WorkloadRunner <workload> <gmp|jdk> <quick|full>}.
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
        System.out.println(RESULT_PREFIX + format(figure(workload, side, size)));
        System.out.flush();
        // A starved or stuck virtual thread must not keep the child alive; every figure is printed.
        System.exit(0);
    }

    /**
     * Warm-ups, then the median of the measurements. A call that never finished its work within the
     * workload's bound ends the run at once: "never" is conclusive, and each such call costs the bound.
     */
    static double figure(Workload workload, Scheduler side, Size size) throws Exception {
        for (int i = 0; i < workload.warmups(size); i++) {
            double warmup = workload.measure(side, size);
            System.err.println("warmup " + (i + 1) + ": " + warmup);
            if (Double.isInfinite(warmup)) {
                return warmup;
            }
        }
        List<Double> figures = new ArrayList<>();
        for (int i = 0; i < workload.measurements(size); i++) {
            double figure = workload.measure(side, size);
            System.err.println("measurement " + (i + 1) + ": " + figure);
            if (Double.isInfinite(figure)) {
                return figure;
            }
            figures.add(figure);
        }
        return Stats.median(figures);
    }

    static String format(double figure) {
        return Double.isInfinite(figure) ? NEVER : Double.toString(figure);
    }

    /** The figure in a child's output, or NaN when it printed none. */
    static double parse(String output) {
        double figure = Double.NaN;
        for (String line : output.split("\n")) {
            if (line.startsWith(RESULT_PREFIX)) {
                String value = line.substring(RESULT_PREFIX.length()).trim();
                figure = value.equals(NEVER) ? Double.POSITIVE_INFINITY : Double.parseDouble(value);
            }
        }
        return figure;
    }
}

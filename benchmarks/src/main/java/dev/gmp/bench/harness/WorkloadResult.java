package dev.gmp.bench.harness;

import dev.gmp.bench.workload.Stats;
import dev.gmp.bench.workload.Workload;
import dev.gmp.bench.workload.WorkloadInfo;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What one row of a workload measured: one figure per round and side (each from its own JVM), Go's
 * figure (NaN when there is none), and every failure message of the workload's runs.
 *
 * @param workload the workload, which renders the figures
 * @param row      the row, one of {@code workload.rows()}: its title, unit, goal and method
 */
record WorkloadResult(Workload workload, WorkloadInfo row, int procs, List<Double> gmp, List<Double> jdk, double go,
                      List<String> failures) {

    /** The result of a one-row workload. */
    WorkloadResult(Workload workload, int procs, List<Double> gmp, List<Double> jdk, double go, List<String> failures) {
        this(workload, workload.rows().getFirst(), procs, gmp, jdk, go, failures);
    }

    WorkloadResult {
        gmp = List.copyOf(gmp);
        jdk = List.copyOf(jdk);
        failures = List.copyOf(failures);
    }

    double gmpMedian() {
        return Stats.median(gmp);
    }

    double jdkMedian() {
        return Stats.median(jdk);
    }

    /**
     * Whether each round measured both columns in one JVM ({@link Workload#bothColumnsInOneJvm}),
     * so that {@code gmp.get(i)} and {@code jdk.get(i)} are a pair.
     */
    boolean paired() {
        return workload.bothColumnsInOneJvm() && gmp.size() == jdk.size() && !gmp.isEmpty();
    }

    /**
     * gmp over JDK: for paired rows the median of each round's own ratio, in which what the two
     * columns share (the JVM, its JIT code, the machine's drift) cancels; otherwise the ratio of
     * the columns' medians.
     */
    double jdkRatio() {
        if (!paired()) {
            return gmpMedian() / jdkMedian();
        }
        return Stats.median(IntStream.range(0, gmp.size()).mapToObj(i -> gmp.get(i) / jdk.get(i)).toList());
    }

    String verdict() {
        return row.goal().verdict(gmpMedian(), jdkMedian(), jdkRatio(), go);
    }
}

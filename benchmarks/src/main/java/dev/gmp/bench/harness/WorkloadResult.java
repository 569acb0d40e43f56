package dev.gmp.bench.harness;

import dev.gmp.bench.workload.Stats;
import dev.gmp.bench.workload.Workload;
import dev.gmp.bench.workload.WorkloadInfo;
import java.util.List;

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

    String verdict() {
        return row.goal().verdict(gmpMedian(), jdkMedian(), go);
    }
}

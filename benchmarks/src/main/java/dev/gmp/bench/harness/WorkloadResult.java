package dev.gmp.bench.harness;

import dev.gmp.bench.workload.Stats;
import dev.gmp.bench.workload.Workload;
import java.util.List;

/**
 * What one workload measured: one figure per round and side (each from its own JVM), Go's figure
 * (NaN when there is none), and every failure message.
 */
record WorkloadResult(Workload workload, int procs, List<Double> gmp, List<Double> jdk, double go, List<String> failures) {

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
        return workload.goal().verdict(gmpMedian(), jdkMedian(), go);
    }
}

package dev.gmp.bench.jmh;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.ParkPingPong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Park/unpark ping-pong between two virtual threads (the harness's pingpong-park workload), per
 * round trip. Each invocation starts a fresh pair for {@value #ROUNDS} round trips.
 */
@State(Scope.Benchmark)
public class ParkPingPongBench extends GmpBenchmark {
    static final int ROUNDS = 10_000;

    @Param({"gmp", "jdk"})
    public String scheduler;

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public double roundTrip() throws InterruptedException {
        return ParkPingPong.nanosPerRoundTrip(Scheduler.byId(scheduler), ROUNDS);
    }
}

package dev.gmp.bench.jmh;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.ChanPingPong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Ping-pong through two gmp channels, unbuffered and buffered, per round trip; on gmp and, since
 * {@code Chan} works on any thread, on the JDK default scheduler's virtual threads.
 */
@State(Scope.Benchmark)
public class ChanPingPongBench extends GmpBenchmark {
    static final int ROUNDS = 10_000;

    @Param({"gmp", "jdk"})
    public String scheduler;

    @Param({"0", "16"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(ROUNDS)
    public double roundTrip() throws InterruptedException {
        return ChanPingPong.nanosPerRoundTrip(Scheduler.byId(scheduler), ROUNDS, capacity);
    }
}

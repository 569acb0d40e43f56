package dev.gmp.bench.jmh;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.ChanPingPong;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ping-pong through two gmp channels, unbuffered and buffered, per round trip; on gmp and, since
 * {@code Chan} works on any thread, on the JDK default scheduler's virtual threads.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {JmhDefaults.OPEN_JAVA_LANG, JmhDefaults.NATIVE_ACCESS})
@State(Scope.Benchmark)
public class ChanPingPongBench {
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

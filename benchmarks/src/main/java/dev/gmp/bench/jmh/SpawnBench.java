package dev.gmp.bench.jmh;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.SpawnFinish;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/** Spawn and finish: a virtual thread starts {@value #TASKS} tiny tasks and awaits them; per task. */
@State(Scope.Benchmark)
public class SpawnBench extends GmpBenchmark {
    static final int TASKS = 10_000;

    @Param({"gmp", "jdk"})
    public String scheduler;

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public double spawnAndFinish() throws InterruptedException {
        return SpawnFinish.nanosPerTask(Scheduler.byId(scheduler), TASKS);
    }
}

package dev.gmp.bench.jmh;

import dev.gmp.sched.G;
import dev.gmp.sched.RunQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A P's run queue used by one thread: the owner's put/get through the ring and through runnext,
 * and a thief stealing half of a queue. No contention: the cost of the memory ordering alone.
 */
@State(Scope.Thread)
public class RunQueueBench extends GmpBenchmark {
    private static final int BATCH = 64;

    private RunQueue victim;
    private RunQueue thief;
    private G[] gs;

    @Setup
    public void setup() {
        victim = new RunQueue(RunQueue.DEFAULT_CAPACITY);
        thief = new RunQueue(RunQueue.DEFAULT_CAPACITY);
        gs = new G[BATCH];
        for (int i = 0; i < BATCH; i++) {
            gs[i] = DetachedGs.of(i + 1);
        }
    }

    /** runqput to the tail, then runqget from the head. */
    @Benchmark
    public G putThenGet() {
        victim.put(gs[0], false);
        return victim.get();
    }

    /** A woken G into runnext, then taken from it (the ping-pong path). */
    @Benchmark
    public G runnextPutThenGet() {
        victim.put(gs[0], true);
        return victim.get();
    }

    /**
     * Per G: the owner queues 64 Gs, a thief steals half into its own queue, and both drain
     * (64 puts, one steal of 32, 64 gets). Same thread, so no contention.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int fillStealHalfDrain() {
        for (G g : gs) {
            victim.put(g, false);
        }
        int moved = thief.stealFrom(victim, false, null) == null ? 0 : 1;
        while (thief.get() != null) {
            moved++;
        }
        while (victim.get() != null) {
            moved++;
        }
        return moved;
    }
}

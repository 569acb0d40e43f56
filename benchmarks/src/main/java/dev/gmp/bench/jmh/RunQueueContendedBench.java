package dev.gmp.bench.jmh;

import dev.gmp.sched.G;
import dev.gmp.sched.RunQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The owner's put/get racing a thief on another thread: both CAS the victim's head. Each thread
 * stays within its rights: only the owner puts to the victim, the thief puts (steals) only into
 * its own queue.
 */
@State(Scope.Group)
public class RunQueueContendedBench extends GmpBenchmark {
    private final RunQueue victim = new RunQueue(RunQueue.DEFAULT_CAPACITY);
    private final G g = DetachedGs.of(1);
    private final G extra = DetachedGs.of(2);

    /** The thief's own queue: one per thief thread. */
    @State(Scope.Thread)
    public static class ThiefQueue {
        RunQueue queue;

        @Setup
        public void setup() {
            queue = new RunQueue(RunQueue.DEFAULT_CAPACITY);
        }
    }

    /** Owner: puts two Gs and takes one, so the queue usually holds something to steal. */
    @Benchmark
    @Group("ownerVsThief")
    @GroupThreads(1)
    public G owner() {
        // A G that finds the ring full (the thief fell behind) is simply dropped: these are test Gs.
        if (victim.put(g, false) == null) {
            victim.put(extra, false);
        }
        return victim.get();
    }

    /** Thief: steals half of the victim's queue and empties its own. */
    @Benchmark
    @Group("ownerVsThief")
    @GroupThreads(1)
    public int thief(ThiefQueue mine) {
        int n = mine.queue.stealFrom(victim, false, null) == null ? 0 : 1;
        while (mine.queue.get() != null) {
            n++;
        }
        return n;
    }
}

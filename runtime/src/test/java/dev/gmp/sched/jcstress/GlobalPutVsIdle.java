package dev.gmp.sched.jcstress;

import dev.gmp.sched.DetachedGs;
import dev.gmp.sched.GlobalRunQueueProbe;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The no-lost-wake-up pair of the global queue: a thread without a P puts a G and then reads npidle
 * (to wake a P); an M idles its P (npidle up) and then asks whether work arrived. At least one of
 * them must see the other. Chunks of one slot, the first one used up, so the put links a new chunk
 * and the idle check walks to it.
 */
@JCStressTest
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "both saw the other")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "the idling M saw the G")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "the producer saw the idle P and wakes it")
@Outcome(id = "0, 0", expect = Expect.FORBIDDEN, desc = "a lost wake-up: the G waits with every P idle")
@State
public class GlobalPutVsIdle {
    final GlobalRunQueueProbe queue = new GlobalRunQueueProbe(1);
    final AtomicInteger npidle = new AtomicInteger();

    public GlobalPutVsIdle() {
        queue.put(DetachedGs.of(0));
        queue.poll();
    }

    @Actor
    public void producer(II_Result r) {
        queue.put(DetachedGs.of(1));
        r.r1 = npidle.get();
    }

    @Actor
    public void idlingM(II_Result r) {
        npidle.incrementAndGet();
        r.r2 = queue.mayHaveWork() ? 1 : 0;
    }
}

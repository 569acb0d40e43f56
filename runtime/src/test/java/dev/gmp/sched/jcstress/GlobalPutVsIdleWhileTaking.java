package dev.gmp.sched.jcstress;

import dev.gmp.sched.DetachedGs;
import dev.gmp.sched.G;
import dev.gmp.sched.GlobalRunQueueProbe;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * As {@link GlobalPutVsIdle}, but the producer is an M that first takes the queued G0 (moving the
 * index and clearing its slot) and then puts G1, as a yield to the global queue does. The idle
 * check reads without the lock: it must not take G0's cleared slot for an empty queue while G1 is
 * still to come unseen. r3 is the goid the taker got. (Two actors: jcstress runs no more actors
 * than there are CPUs, and CI has two.)
 */
@JCStressTest
@Outcome(id = {"1, 1, 0", "0, 1, 0", "1, 0, 0"}, expect = Expect.ACCEPTABLE, desc = "one side saw the other; G0 taken")
@Outcome(id = "0, 0, 0", expect = Expect.FORBIDDEN, desc = "a lost wake-up: G1 waits with the idle M asleep")
@Outcome(expect = Expect.FORBIDDEN, desc = "the taker got something other than the head G0")
@State
public class GlobalPutVsIdleWhileTaking {
    final GlobalRunQueueProbe queue = new GlobalRunQueueProbe(2);
    final AtomicInteger npidle = new AtomicInteger();

    public GlobalPutVsIdleWhileTaking() {
        queue.put(DetachedGs.of(0));
    }

    @Actor
    public void takerThenProducer(III_Result r) {
        G g = queue.poll();
        r.r3 = g == null ? -1 : (int) g.goid;
        queue.put(DetachedGs.of(1));
        r.r1 = npidle.get();
    }

    @Actor
    public void idlingM(III_Result r) {
        npidle.incrementAndGet();
        r.r2 = queue.mayHaveWork() ? 1 : 0;
    }
}

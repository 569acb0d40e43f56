package dev.gmp.sched.jcstress;

import dev.gmp.sched.G;
import dev.gmp.sched.RunQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.J_Result;

/** Two thieves on a ring of 3 Gs: between them and what is left, every G exactly once. */
@JCStressTest
@Outcome(id = "14", expect = Expect.ACCEPTABLE, desc = "every G accounted for exactly once")
@Outcome(expect = Expect.FORBIDDEN, desc = "a G stolen twice or lost")
@State
public class TwoThieves {
    final RunQueue victim = Gs.queueWith(4, 1, 2, 3);
    final RunQueue thiefA = new RunQueue(4);
    final RunQueue thiefB = new RunQueue(4);
    long a;
    long b;

    @Actor
    public void thiefA() {
        RunQueue.Stolen stolen = thiefA.stealFrom(victim, false, null);
        G g = stolen == null ? null : stolen.takeG();
        a = g == null ? 0 : (1L << g.goid) + Gs.takeAll(thiefA);
    }

    @Actor
    public void thiefB() {
        RunQueue.Stolen stolen = thiefB.stealFrom(victim, false, null);
        G g = stolen == null ? null : stolen.takeG();
        b = g == null ? 0 : (1L << g.goid) + Gs.takeAll(thiefB);
    }

    @Arbiter
    public void account(J_Result r) {
        r.r1 = a + b + Gs.takeAll(victim);
    }
}

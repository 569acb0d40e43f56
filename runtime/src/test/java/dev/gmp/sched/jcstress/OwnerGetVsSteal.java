package dev.gmp.sched.jcstress;

import dev.gmp.sched.G;
import dev.gmp.sched.RunQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/** One G in the ring: the owner's get and a thief's steal never both take it, and never both miss it. */
@JCStressTest
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "owner got it")
@Outcome(id = "0, 2", expect = Expect.ACCEPTABLE, desc = "thief stole it")
@Outcome(expect = Expect.FORBIDDEN, desc = "taken twice or lost")
@State
public class OwnerGetVsSteal {
    final RunQueue owner = Gs.queueWith(4, 1);
    final RunQueue thief = new RunQueue(4);

    @Actor
    public void ownerGets(JJ_Result r) {
        G g = owner.get();
        r.r1 = g == null ? 0 : 1L << g.goid;
    }

    @Actor
    public void thiefSteals(JJ_Result r) {
        RunQueue.Stolen stolen = thief.stealFrom(owner, false, null);
        G g = stolen == null ? null : stolen.takeG();
        r.r2 = g == null ? 0 : (1L << g.goid) + Gs.takeAll(thief);
    }
}

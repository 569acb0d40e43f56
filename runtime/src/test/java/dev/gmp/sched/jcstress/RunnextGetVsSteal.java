package dev.gmp.sched.jcstress;

import dev.gmp.sched.DetachedGs;
import dev.gmp.sched.G;
import dev.gmp.sched.RunQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/** A G in runnext only: the owner's get and a runnext-stealing thief never both take it. */
@JCStressTest
@Outcome(id = "2, 0", expect = Expect.ACCEPTABLE, desc = "owner ran its runnext")
@Outcome(id = "0, 2", expect = Expect.ACCEPTABLE, desc = "thief stole runnext")
@Outcome(expect = Expect.FORBIDDEN, desc = "taken twice or lost")
@State
public class RunnextGetVsSteal {
    final RunQueue owner = new RunQueue(4);
    final RunQueue thief = new RunQueue(4);

    public RunnextGetVsSteal() {
        owner.put(DetachedGs.of(1), true);
    }

    @Actor
    public void ownerGets(JJ_Result r) {
        G g = owner.get();
        r.r1 = g == null ? 0 : 1L << g.goid;
    }

    @Actor
    public void thiefSteals(JJ_Result r) {
        RunQueue.Stolen stolen = thief.stealFrom(owner, true, null);
        G g = stolen == null ? null : stolen.takeG();
        r.r2 = g == null ? 0 : 1L << g.goid;
    }
}

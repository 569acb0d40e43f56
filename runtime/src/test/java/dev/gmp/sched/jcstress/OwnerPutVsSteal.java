package dev.gmp.sched.jcstress;

import dev.gmp.sched.DetachedGs;
import dev.gmp.sched.G;
import dev.gmp.sched.RunQueue;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJ_Result;

/**
 * Two Gs in a full ring of 2; the owner takes one and puts a third while a thief steals one (half,
 * rounded up, of what it sees). The thief takes G1 or G2, never G3 (the head is never the newest),
 * and together the Gs taken and left are exactly {1, 2, 3} (mask 14).
 */
@JCStressTest
@Outcome(id = "2, 14", expect = Expect.ACCEPTABLE, desc = "thief stole G1 before the owner's get")
@Outcome(id = "4, 14", expect = Expect.ACCEPTABLE, desc = "thief stole G2, before or after the owner's put")
@Outcome(expect = Expect.FORBIDDEN, desc = "a G taken twice, lost, or read before it was published")
@State
public class OwnerPutVsSteal {
    final RunQueue owner = Gs.queueWith(2, 1, 2);
    final RunQueue thief = new RunQueue(2);
    long ownerTook;
    long thiefTook;

    @Actor
    public void ownerGetsThenPuts() {
        G g = owner.get();
        ownerTook = g == null ? 0 : 1L << g.goid;
        G homeless = owner.put(DetachedGs.of(3), false);
        if (homeless != null) {
            ownerTook += 1L << homeless.goid; // full: the owner keeps it (would go global)
        }
    }

    @Actor
    public void thiefSteals(JJ_Result r) {
        RunQueue.Stolen stolen = thief.stealFrom(owner, false, null);
        G g = stolen == null ? null : stolen.takeG();
        thiefTook = g == null ? 0 : (1L << g.goid) + Gs.takeAll(thief);
    }

    @Arbiter
    public void account(JJ_Result r) {
        r.r1 = thiefTook;
        r.r2 = ownerTook + thiefTook + Gs.takeAll(owner);
    }
}

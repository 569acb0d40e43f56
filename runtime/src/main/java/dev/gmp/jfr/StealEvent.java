package dev.gmp.jfr;

import dev.gmp.jdk.CarrierEventWriter;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Registered;
import jdk.jfr.StackTrace;

@Registered(false)
@Name("gmp.Steal")
@Label("Work Steal")
@Category({"Go Scheduler", "Work Stealing"})
@Description("An M out of work took goroutines from another P's run queue")
@StackTrace(false)
@Enabled(false)
public final class StealEvent extends Event {
    /** isEnabled() reads the event type's settings, not the instance: one probe spares an allocation per call. */
    private static final StealEvent PROBE = new StealEvent();

    @Label("Thief P")
    public int thiefP;

    @Label("Victim P")
    public int victimP;

    @Label("Goroutines Taken")
    public int count;

    @Label("Took Runnext")
    @Description("The victim's runnext slot was taken (only when its ring was empty)")
    public boolean tookRunnext;

    public static void emit(int thiefP, int victimP, int count, boolean tookRunnext) {
        if (!JfrGate.recording()) {
            return;
        }
        if (PROBE.isEnabled()) { // off in the always-on settings: no allocation
            StealEvent e = new StealEvent();
            e.thiefP = thiefP;
            e.victimP = victimP;
            e.count = count;
            e.tookRunnext = tookRunnext;
            CarrierEventWriter.prepareCommit();
            e.commit();
        }
    }
}

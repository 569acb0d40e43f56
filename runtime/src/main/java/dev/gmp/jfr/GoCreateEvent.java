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
@Name("gmp.GoCreate")
@Label("Goroutine Create")
@Category({"Go Scheduler", "Goroutines"})
@Description("A goroutine was created (Go's newproc); committed by the creating thread")
@StackTrace(false)
@Enabled(false)
public final class GoCreateEvent extends Event {
    /** isEnabled() reads the event type's settings, not the instance: one probe spares an allocation per call. */
    private static final GoCreateEvent PROBE = new GoCreateEvent();

    @Label("Goroutine ID")
    public long goid;

    @Label("Parent Goroutine ID")
    @Description("The creating goroutine, 0 when created outside any goroutine")
    public long parentGoid;

    @Label("P")
    @Description("The P the creator ran on, -1 when none")
    public int p;

    /** Whether a recording wants GoCreate: lets the caller skip finding the parent G. */
    public static boolean enabled() {
        return JfrGate.recording() && PROBE.isEnabled();
    }

    public static void emit(long goid, long parentGoid, int p) {
        if (!JfrGate.recording()) {
            return;
        }
        if (PROBE.isEnabled()) { // off in the always-on settings: no allocation
            GoCreateEvent e = new GoCreateEvent();
            e.goid = goid;
            e.parentGoid = parentGoid;
            e.p = p;
            CarrierEventWriter.prepareCommit();
            e.commit();
        }
    }
}

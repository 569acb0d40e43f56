package dev.gmp.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Registered;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * A goroutine's time off the CPU, from the moment it parked to the moment an M resumed it. Begun by
 * the M that saw it park and committed by the M that resumes it, so the event's own thread and
 * stack are the M's; {@link #goroutine} names the virtual thread that waited.
 */
@Registered(false)
@Name("gmp.GoPark")
@Label("Goroutine Park")
@Category({"Go Scheduler", "Goroutine Parks"})
@Description("A goroutine was parked (blocked) from the start of this event until it was resumed")
@Enabled(false) // one per park: gmp-profile.jfc; the always-on grade counts them in gmp.SchedulerSample
@StackTrace(false)
@Threshold("1 ms")
public final class GoParkEvent extends Event {
    /** isEnabled() reads the event type's settings, not the instance: one probe spares an allocation per call. */
    private static final GoParkEvent PROBE = new GoParkEvent();

    @Label("Goroutine ID")
    public long goid;

    @Label("Goroutine")
    @Description("The virtual thread that was parked")
    public Thread goroutine;

    @Label("Wait Reason")
    @Description("Why it waited, in Go's words where gmp knows them (chan receive, select, sleep...)")
    public String waitReason;

    @Label("Blocker Class")
    @Description("The class of the object passed to LockSupport.park, if any")
    public Class<?> blockerClass;

    @Label("P")
    @Description("The P it parked on")
    public int p;

    /** The M's run count of the G when it parked: the park is committed only by the very next run. */
    public transient int parkedRun;

    /** Starts the event at the park, or returns null when no recording wants it. */
    public static GoParkEvent beginIfEnabled() {
        if (!JfrGate.recording()) {
            return null;
        }
        if (!PROBE.isEnabled()) { // off in the always-on settings: no allocation
            return null;
        }
        GoParkEvent e = new GoParkEvent();
        e.begin();
        return e;
    }
}

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
@Name("gmp.GoUnpark")
@Label("Goroutine Unpark")
@Category({"Go Scheduler", "Scheduling"})
@Description("A goroutine became runnable (Go's ready); committed by the thread that woke it")
@Enabled(false)
@StackTrace(false)
public final class GoUnparkEvent extends Event {
    /** isEnabled() reads the event type's settings, not the instance: one probe spares an allocation per call. */
    private static final GoUnparkEvent PROBE = new GoUnparkEvent();

    @Label("Goroutine ID")
    public long goid;

    @Label("Waker Goroutine ID")
    @Description("The goroutine that woke it, 0 when woken from outside any goroutine (timer, platform thread)")
    public long wakerGoid;

    @Label("Queued On")
    @Description("runnext (runs next on the waker's P), local (tail of a P's queue) or global")
    public String queue;

    @Label("P")
    @Description("The P whose queue received it, -1 for the global queue")
    public int p;

    public static void emit(long goid, long wakerGoid, String queue, int p) {
        if (!JfrGate.recording()) {
            return;
        }
        if (PROBE.isEnabled()) { // off in the always-on settings: no allocation
            GoUnparkEvent e = new GoUnparkEvent();
            e.goid = goid;
            e.wakerGoid = wakerGoid;
            e.queue = queue;
            e.p = p;
            CarrierEventWriter.prepareCommit();
            e.commit();
        }
    }
}

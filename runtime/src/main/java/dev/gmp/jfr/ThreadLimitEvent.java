package dev.gmp.jfr;

import dev.gmp.jdk.CarrierEventWriter;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Registered;
import jdk.jfr.StackTrace;
import jdk.jfr.Throttle;

/** Committed when gmp needed one more M than {@code -Dgmp.maxThreads} allows and went without it. */
@Registered(false)
@Name("gmp.ThreadLimit")
@Label("Thread Limit Reached")
@Category({"Go Scheduler", "Machines"})
@Description("Every M allowed by gmp.maxThreads exists and is busy: a blocking call kept its P, or a P waited for an M")
@StackTrace(false)
@Throttle("5/s") // as gmp.jfc: bounded under any load; gmp-profile.jfc keeps every one
public final class ThreadLimitEvent extends Event {
    @Label("Thread Limit")
    public int limit;

    @Label("Went Without")
    @Description("What the refused M was for: a syscall handoff, or a spinning M for queued work")
    public String refused;

    @Label("P")
    public int p;

    /**
     * Never called by gmp: declaring it (as the class's first static method) is how JFR 25 learns to
     * throttle an event class that the bootstrap class loader loads, as the agent's does; it takes
     * such a class for one of the JDK's own events and ignores {@code @Throttle} on it. JFR rewrites
     * the body there; in library use it stays as is.
     */
    public static boolean shouldThrottleCommit(long duration, long timestamp) {
        return false;
    }

    public static void emit(int limit, String refused, int p) {
        if (!JfrGate.recording()) {
            return;
        }
        ThreadLimitEvent e = new ThreadLimitEvent();
        if (e.isEnabled()) {
            e.limit = limit;
            e.refused = refused;
            e.p = p;
            CarrierEventWriter.prepareCommit();
            e.commit();
        }
    }
}

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

@Registered(false)
@Name("gmp.Handoff")
@Label("P Handoff")
@Category({"Go Scheduler", "Handoffs"})
@Description("A P changed hands between Ms")
@StackTrace(false)
@Throttle("20/s") // as gmp.jfc: bounded under any load; gmp-profile.jfc keeps every one
public final class HandoffEvent extends Event {
    public static final String SYSCALL_RETAKE = "syscall retake";
    public static final String EXITSYSCALL = "exitsyscall";
    public static final String IDLE = "idle";

    @Label("P")
    public int p;

    @Label("From M")
    @Description("The M that had the P, -1 when it came from the idle list")
    public long fromM;

    @Label("To M")
    @Description("The M that got it, -1 when it went to the idle list")
    public long toM;

    @Label("Reason")
    @Description("syscall retake (sysmon took it from an M blocked in a syscall), exitsyscall (a returning M took an idle P), idle (an idle P was given to an M for new work)")
    public String reason;

    /**
     * Never called by gmp: declaring it (as the class's first static method) is how JFR 25 learns to
     * throttle an event class that the bootstrap class loader loads, as the agent's does; it takes
     * such a class for one of the JDK's own events and ignores {@code @Throttle} on it. JFR rewrites
     * the body there; in library use it stays as is.
     */
    public static boolean shouldThrottleCommit(long duration, long timestamp) {
        return false;
    }

    public static void emit(int p, long fromM, long toM, String reason) {
        if (!JfrGate.recording()) {
            return;
        }
        HandoffEvent e = new HandoffEvent();
        if (e.isEnabled()) {
            e.p = p;
            e.fromM = fromM;
            e.toM = toM;
            e.reason = reason;
            CarrierEventWriter.prepareCommit();
            e.commit();
        }
    }
}

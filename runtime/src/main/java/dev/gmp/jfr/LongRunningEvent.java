package dev.gmp.jfr;

import dev.gmp.jdk.CarrierEventWriter;
import dev.gmp.jdk.VirtualThreads;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Registered;
import jdk.jfr.StackTrace;
import jdk.jfr.Throttle;
import jdk.jfr.Timespan;

/** Committed by sysmon; the running goroutine's own stack is in {@link #goroutineStack}. */
@Registered(false)
@Name("gmp.LongRunning")
@Label("Long-Running Goroutine")
@Category({"Go Scheduler", "Preemption"})
@Description("A P ran one time slice for more than 10 ms without rescheduling; sysmon asked for preemption")
@StackTrace(false)
@Throttle("5/s") // as gmp.jfc: bounded under any load; gmp-profile.jfc keeps every one
public final class LongRunningEvent extends Event {
    @Label("Goroutine ID")
    public long goid;

    @Label("P")
    public int p;

    @Label("Running Time")
    @Timespan(Timespan.NANOSECONDS)
    public long runningTime;

    @Label("Goroutine Stack")
    @Description("Where the goroutine was running when sysmon looked, innermost frame first")
    public String goroutineStack;

    /**
     * Never called by gmp: declaring it (as the class's first static method) is how JFR 25 learns to
     * throttle an event class that the bootstrap class loader loads, as the agent's does; it takes
     * such a class for one of the JDK's own events and ignores {@code @Throttle} on it. JFR rewrites
     * the body there; in library use it stays as is.
     */
    public static boolean shouldThrottleCommit(long duration, long timestamp) {
        return false;
    }

    public static boolean enabled() {
        return JfrGate.recording() && new LongRunningEvent().isEnabled();
    }

    public static void emit(long goid, int p, long runningNanos, Thread goroutine) {
        if (!JfrGate.recording()) {
            return;
        }
        LongRunningEvent e = new LongRunningEvent();
        // shouldCommit applies the throttle: a dropped event must not cost a stack walk.
        if (e.isEnabled() && e.shouldCommit()) {
            e.goid = goid;
            e.p = p;
            e.runningTime = runningNanos;
            e.goroutineStack = stackText(goroutine);
            CarrierEventWriter.prepareCommit();
            e.commit();
        }
    }

    private static String stackText(Thread goroutine) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] frames = VirtualThreads.stackTrace(goroutine);
        for (int i = 0; i < frames.length && i < 32; i++) {
            sb.append(frames[i]).append('\n');
        }
        return sb.toString();
    }
}

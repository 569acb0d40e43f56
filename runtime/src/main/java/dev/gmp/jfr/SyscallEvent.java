package dev.gmp.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Registered;
import jdk.jfr.Threshold;

/** Begun in entersyscall and committed in exitsyscall, both on the goroutine: its stack shows the call site. */
@Registered(false)
@Name("gmp.Syscall")
@Label("Syscall")
@Category({"Go Scheduler", "Syscalls"})
@Description("A goroutine was in a blocking call the scheduler cannot see (between entersyscall and exitsyscall)")
@Enabled(false) // one per syscall: gmp-profile.jfc; the always-on grade counts them in gmp.SchedulerSample
@Threshold("1 ms")
public final class SyscallEvent extends Event {
    /** isEnabled() reads the event type's settings, not the instance: one probe spares an allocation per call. */
    private static final SyscallEvent PROBE = new SyscallEvent();

    @Label("Goroutine ID")
    public long goid;

    @Label("P")
    @Description("The P held when the syscall began; -1 when the goroutine ran without one")
    public int p;

    @Label("M")
    public long m;

    @Label("Handed Off")
    @Description("Sysmon retook the P during the call and gave it to another M")
    public boolean handedOff;

    public static SyscallEvent beginIfEnabled(long goid, int p, long m) {
        if (!JfrGate.recording()) {
            return null;
        }
        if (!PROBE.isEnabled()) { // off in the always-on settings: no allocation
            return null;
        }
        SyscallEvent e = new SyscallEvent();
        e.goid = goid;
        e.p = p;
        e.m = m;
        e.begin();
        return e;
    }
}

package dev.gmp.sched;

import dev.gmp.jfr.GoParkEvent;
import dev.gmp.jfr.SyscallEvent;

/**
 * The JFR events a G has open, kept off the G itself: they exist only while a recording wants
 * them, and a G without a recording should not carry their two references (see G#events).
 */
final class GoroutineEvents {
    /**
     * The gmp.Syscall event of the G's current syscall, when a recording wants it. The G's own:
     * written and read by the G in Syscalls (on whichever M it runs), and by the M that sees the G
     * ended inside the call.
     */
    SyscallEvent syscall;
    /**
     * A GoPark event begun by the M after the G parked, committed by the M that next runs it. That
     * M may read it before the first one wrote it (a fast resume); the event's parkedRun tells a
     * stale one apart.
     */
    GoParkEvent park;
}

package dev.gmp.sched;

import dev.gmp.jdk.CarrierEventWriter;
import dev.gmp.jfr.HandoffEvent;
import dev.gmp.jfr.SyscallEvent;

/**
 * Syscalls and handoff in one place (Go's entersyscall, exitsyscall, handoffp): a G about to block
 * outside the scheduler's sight leaves its P in SYSCALL, so sysmon can retake the P and hand it to
 * another M while the call lasts.
 *
 * <p>State and who owns it:
 * <ul>
 *   <li>The syscall belongs to the G ({@link G#syscallDepth}, {@link G#syscallEvent()}): a G that
 *       unmounts inside a bracketed call (it parked in there) and resumes on another M still closes
 *       it there, and its {@code gmp.Syscall} event still commits.</li>
 *   <li>The P it left belongs to the M ({@link M#oldp}, {@link M#inSyscall}): when the G unmounts
 *       inside the call, that M takes the P back ({@link #abandon}) and runs other Gs on it.</li>
 *   <li>A P in SYSCALL leaves it only by CAS: to RUNNING by the returning M (fast path) or by
 *       sysmon (retake, then {@link #handoffP}); exactly one of them wins.</li>
 * </ul>
 */
final class Syscalls {
    private final Sched sched;

    /** Runs in exitsyscall between leaving the syscall and looking for a P: tests make the G unmount there. */
    static volatile Runnable afterLeaveHookForTests;

    Syscalls(Sched sched) {
        this.sched = sched;
    }

    /**
     * Go's entersyscall. The M keeps its P (fast path: a short call returns and carries on), but the
     * P goes to SYSCALL with a timestamp. No-op outside a G; nested calls count depth and only the
     * outermost pair acts.
     */
    void enter() {
        M m = Sched.currentM();
        G g = m == null ? null : m.curg;
        if (g == null || g.thread() != Thread.currentThread()) {
            return;
        }
        if (g.syscallDepth == Short.MAX_VALUE) { // unreachable in practice: the G's stack overflows first
            throw new IllegalStateException("entersyscall: " + g + " nested syscalls " + Short.MAX_VALUE
                    + " deep without leaving one; each entersyscall must be paired with an exitsyscall");
        }
        P pp = m.p;
        if (g.syscallDepth > 0) { // nested: the outermost call acts
            g.syscallDepth++;
            return;
        }
        // Before anything changes: a recording's event needs the heap, and an OutOfMemoryError here
        // must leave no depth counted that no exitsyscall would take back.
        g.syscallEvent(SyscallEvent.beginIfEnabled(g.goid, pp == null ? -1 : pp.id, m.id));
        g.syscallDepth++;
        sched.syscalls.increment();
        if (pp == null) {
            // Running without a P: an exitsyscall found none and the G's yield could not unmount it
            // (a native frame below it, as in class loading). Nothing to hand off, but the call is
            // still this G's syscall, counted and recorded (P -1): a recording shows where it blocked.
            return;
        }
        pp.incSyscalltick();
        long when = System.nanoTime();
        pp.syscallWhen = when;
        if (FlightRecording.ENABLED) {
            FlightRecording.syscallEntered(m, pp, g, when);
        }
        m.oldp = pp;
        m.inSyscall = true;
        m.p = null; // while in the syscall this M owns no P: a ready() from here goes global
        pp.setStatus(P.SYSCALL); // volatile: publishes the fields above to sysmon
        sched.sysmon().syscallBegan(); // after the status: see Sysmon.napping
    }

    /**
     * Go's exitsyscall: take the old P back if sysmon did not retake it (fast path); else any idle
     * P; else the G goes to the global queue (a yield whose resubmission finds this M without a P)
     * and the M parks. Nothing is lost: the G runs again when an M with a P takes it.
     */
    void exit() {
        M m = Sched.currentM();
        G g = m == null ? null : m.curg;
        if (g == null || g.thread() != Thread.currentThread() || g.syscallDepth == 0) {
            return;
        }
        if (--g.syscallDepth > 0) {
            return;
        }
        boolean retaken = leave(m, g);
        if (FlightRecording.ENABLED) {
            FlightRecording.syscallLeft(m, g, true);
        }
        commitEvent(g);
        Runnable hook = afterLeaveHookForTests;
        if (hook != null) {
            hook.run();
        }
        if (!retaken) {
            return; // its P is back (or it had none here: the G parked inside and its first M took it)
        }
        if (Sched.currentM() != m || m.p != null) {
            // The G unmounted since leave() (e.g. on a contended monitor) and an M holding a P
            // resumed it: another M, or this one after it took a P for other work. It runs on that
            // P now, as after the slow path's yield; taking another would strand the one held.
            return;
        }
        P idle = sched.pidleGet();
        if (idle != null) {
            // The scheduler lock never unmounts a G (SpinLock), so this is still the M read above.
            M now = Sched.currentM();
            if (now != m) {
                sched.pidlePut(idle); // keep the P: the broken invariant is reported, not compounded
                throw new IllegalStateException("exitsyscall: goroutine moved from " + m.getName() + " to "
                        + (now == null ? "no M" : now.getName()) + " while taking a P");
            }
            m.acquireP(idle);
            if (FlightRecording.recording()) {
                FlightRecording.handedOff(idle, -1, m.id, FlightRecording.HANDOFF_EXITSYSCALL);
            }
            HandoffEvent.emit(idle.id, -1, m.id, HandoffEvent.EXITSYSCALL);
            return;
        }
        Thread.yield();
    }

    /**
     * Ends {@code m}'s part of {@code g}'s syscall: it takes back the P it left unless sysmon retook
     * it, and notes on the G's event whether the P was handed off. Returns true when there was such
     * a P and sysmon retook it (the M then has none).
     */
    private static boolean leave(M m, G g) {
        m.inSyscall = false;
        P old = m.oldp;
        m.oldp = null;
        if (old == null) {
            return false;
        }
        boolean kept = old.casStatus(P.SYSCALL, P.RUNNING);
        if (kept) {
            wire(m, old);
        }
        SyscallEvent event = g.syscallEvent(); // once: the G may close it meanwhile when an abandoning M reads
        if (event != null) {
            event.handedOff = !kept;
        }
        return !kept;
    }

    /**
     * Makes {@code m} the holder of {@code pp}, which it just won back by CAS (Go's wirep). The P
     * may have been retaken and passed through other Ms meanwhile, and be back in SYSCALL under
     * another M's syscall (an ABA the CAS cannot see): so its {@code m} must be set, not assumed.
     * The other M's exitsyscall then finds its CAS failing and takes its slow path.
     */
    private static void wire(M m, P pp) {
        pp.m = m;
        m.p = pp;
    }

    private static void commitEvent(G g) {
        SyscallEvent event = g.syscallEvent();
        if (event != null) {
            g.syscallEvent(null);
            CarrierEventWriter.prepareCommit();
            event.commit();
        }
    }

    /**
     * Called by the M whose G just unmounted inside a bracketed call (it parked in there, or ended):
     * the M takes its P back unless sysmon retook it. The G keeps its syscall: it closes it wherever
     * it resumes; a G that ended closes it here.
     */
    void abandon(M m, G g, boolean ended) {
        leave(m, g);
        if (FlightRecording.ENABLED) {
            FlightRecording.syscallLeft(m, g, false);
        }
        if (ended && g.syscallDepth > 0) {
            g.syscallDepth = 0;
            commitEvent(g);
        }
    }

    /**
     * Go's handoffp, called by sysmon owning a retaken P: if it (or the global queue) has work,
     * start an M for it at once; if no M is spinning or idle, start a spinning one; else idle it.
     */
    void handoffP(P pp, M from) {
        pp.m = null;
        if (pp.id >= sched.gomaxprocs() && sched.destroyP(pp)) {
            HandoffEvent.emit(pp.id, from == null ? -1 : from.id, -1, HandoffEvent.SYSCALL_RETAKE); // to no M: it died
            return;
        }
        if (!pp.stealer.isEmpty() || sched.globalRunqSize() != 0 || PTimers.hasDueTimer(pp, TimerHeap.now())) {
            sched.startMForRetakenP(pp, false, from);
            return;
        }
        if (sched.idle.idleOrSpinning() == 0 && sched.idle.claimFirstSpinner()) {
            sched.startMForRetakenP(pp, true, from);
            return;
        }
        if (sched.pidlePutIfNoWork(pp)) {
            HandoffEvent.emit(pp.id, from == null ? -1 : from.id, -1, HandoffEvent.SYSCALL_RETAKE);
            return;
        }
        sched.startMForRetakenP(pp, false, from);
    }
}

package dev.gmp.sched;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's sysmon: one platform daemon thread ({@code gmp-sysmon}) that runs without a P and
 * <ul>
 *   <li>retakes Ps from Ms blocked in syscalls and hands them to other Ms, so the other Gs keep
 *       running (Go's retake + handoffp);</li>
 *   <li>notices a P that has run one time slice for over 10 ms, counts it and asks for preemption
 *       ({@code Gmp.checkPreempt()} honours it; the M honours it at its next schedule).</li>
 * </ul>
 * It sleeps 20 µs between checks, doubling after 50 idle rounds up to 10 ms, and sleeps deeply
 * (parked) while every P is idle, until {@link #wake()} is called when work appears or a syscall begins.
 */
final class Sysmon implements Runnable {
    static final long MIN_DELAY_NANOS = 20_000;
    static final long MAX_DELAY_NANOS = 10_000_000;
    /** Go's forcePreemptNS and the syscall length after which a P is retaken even with no work. */
    static final long TIME_SLICE_NANOS = 10_000_000;

    private final Sched sched;
    private final Thread thread;
    /** True while parked for lack of work; wakers read it after publishing work (Dekker with the park check). */
    private volatile boolean deepSleep;

    Sysmon(Sched sched) {
        this.sched = sched;
        this.thread = new Thread(null, this, "gmp-sysmon", 0, false);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Ends a deep sleep. Cheap when sysmon is awake: one volatile read. */
    void wake() {
        if (deepSleep) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public void run() {
        long delay = MIN_DELAY_NANOS;
        int idleRounds = 0;
        while (true) {
            if (idleRounds == 0) {
                delay = MIN_DELAY_NANOS;
            } else if (idleRounds > 50) {
                delay = Math.min(delay * 2, MAX_DELAY_NANOS);
            }
            LockSupport.parkNanos(delay);
            if (allPsIdle()) {
                deepSleep = true;
                VarHandle.fullFence(); // StoreLoad: a waker that took a P after this sees deepSleep
                while (allPsIdle()) {
                    LockSupport.park(this);
                    Thread.interrupted();
                }
                deepSleep = false;
                idleRounds = 0;
                continue;
            }
            try {
                idleRounds = retake(System.nanoTime()) ? 0 : idleRounds + 1;
            } catch (Throwable t) {
                sched.reportInternalError("sysmon", t); // sysmon must keep running
            }
        }
    }

    private boolean allPsIdle() {
        return sched.npidle.get() >= sched.gomaxprocs();
    }

    /** One pass over the live Ps. Returns true when it retook a P. Sysmon thread only. */
    boolean retake(long now) {
        boolean retook = false;
        P[] all = sched.allp();
        int procs = Math.min(sched.gomaxprocs(), all.length);
        for (int i = 0; i < procs; i++) {
            P pp = all[i];
            int status = pp.status();
            if (status == P.RUNNING) {
                checkLongRunning(pp, now);
            } else if (status == P.SYSCALL) {
                retook |= retakeFromSyscall(pp, now);
            }
        }
        return retook;
    }

    private void checkLongRunning(P pp, long now) {
        long tick = pp.schedtick();
        if (pp.sysmonSchedtick != tick) {
            pp.sysmonSchedtick = tick;
            pp.sysmonSchedWhen = now;
            pp.sysmonFlagged = false;
        } else if (!pp.sysmonFlagged && now - pp.sysmonSchedWhen >= TIME_SLICE_NANOS) {
            M m = pp.m;
            G g = m == null ? null : m.curg;
            if (g != null) {
                pp.sysmonFlagged = true;
                pp.preempt = true;
                sched.longRunning.increment();
                dev.gmp.jfr.LongRunningEvent.emit(g.goid, pp.id, now - pp.sysmonSchedWhen, g.thread());
            }
        }
    }

    private boolean retakeFromSyscall(P pp, long now) {
        long tick = pp.syscalltick();
        if (pp.sysmonSyscalltick != tick) {
            pp.sysmonSyscalltick = tick; // give the syscall at least one sysmon tick to return
            return false;
        }
        // No point retaking a P with nothing to run while other Ms are free to take new work,
        // unless the syscall is long: then retake it anyway (it would otherwise be stuck).
        if (pp.runq.isEmpty() && sched.nmspinning.get() + sched.npidle.get() > 0
                && now - pp.syscallWhen < TIME_SLICE_NANOS) {
            return false;
        }
        // SYSCALL -> RUNNING makes sysmon the P's owner until handoffP passes it on; the returning
        // M's exitsyscall CAS (SYSCALL -> RUNNING) then fails and it takes its slow path.
        if (!pp.casStatus(P.SYSCALL, P.RUNNING)) {
            return false;
        }
        M from = pp.m;
        sched.retakes.increment();
        sched.handoffP(pp, from);
        return true;
    }
}

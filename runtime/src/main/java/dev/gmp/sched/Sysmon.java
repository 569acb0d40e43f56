package dev.gmp.sched;

import dev.gmp.jdk.VirtualThreads;
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
 * It sleeps 20 µs between checks, doubling after 50 idle rounds up to 5 ms, but never past the
 * moment a slice it watches reaches 10 ms; so a chain of Gs handing the P to each other through
 * runnext is preempted 10 to 15 ms after it began. Only syscalls send it back to 20 µs: a P it
 * retook from one, as in Go, and one it sees for the first time, also when it began while sysmon
 * slept longer than {@link #NAP_NANOS}, which ends that sleep ({@link #syscallBegan()}). Ps going
 * idle and busy again change nothing: a server whose Ps idle between requests once had sysmon
 * polling at 20 µs after every lull, 7-10 % of a CPU. Once every P has been idle for {@link
 * #DEEP_SLEEP_AFTER_NANOS} it sleeps deeply (parked), until {@link #wake()} (called whenever a P
 * leaves the idle list or a syscall begins) or, as a backstop against a wake-up that never comes,
 * {@value #DEEP_SLEEP_MILLIS} ms, or the earliest timer of an idle P. Timers: an idle P whose timer is
 * {@link #TIMER_GRACE_NANOS} overdue (the idle M waiting for it is late or busy) gets an M; a P
 * in a syscall with a due timer is retaken.
 */
final class Sysmon implements Runnable {
    static final long MIN_DELAY_NANOS = 20_000;
    static final long MAX_DELAY_NANOS = 5_000_000;
    /** Go's forcePreemptNS and the syscall length after which a P is retaken even with no work. */
    static final long TIME_SLICE_NANOS = 10_000_000;
    static final long DEEP_SLEEP_MILLIS = 100;
    /**
     * A sleep longer than this is a nap, which a syscall's start cuts short (Go's sysmon is not
     * woken from a backed-off sleep at all, and takes up to 10 ms to see a blocked call; the
     * native-call stall row's goal is 2 ms).
     */
    static final long NAP_NANOS = 1_000_000;
    /**
     * How long every P must have been idle before sysmon parks until woken. Lulls shorter than this
     * (a server between requests) cost sysmon no park and no unpark on the path of the M that
     * takes the next request.
     */
    static final long DEEP_SLEEP_AFTER_NANOS = 20_000_000;
    /** How late an idle P's timer may be before sysmon, the backstop of the waiting idle M, acts. */
    static final long TIMER_GRACE_NANOS = 1_000_000;

    private final Sched sched;
    private final Thread thread;
    /** True while parked for lack of work; wakers read it after publishing work (Dekker with the park check). */
    private volatile boolean deepSleep;
    /**
     * True while sysmon sleeps longer than {@link #NAP_NANOS}. Set before sysmon looks for syscalls
     * it has not seen, read by a syscall's start after its P went to SYSCALL: of the two, at least
     * one sees the other (both volatile), so no syscall waits out a nap unseen.
     */
    private volatile boolean napping;
    /** Set by a syscall that ended a nap; sysmon then polls at the minimum delay again. */
    private volatile boolean napEndedBySyscall;
    /** The clock at sysmon's last tick; written by sysmon, read by spawners (see {@link #coarseNanos}). */
    private volatile long lastTickNanos = System.nanoTime();
    /** The delay between checks sysmon is at (before the preemption cap); sysmon thread only (tests read it in the tick hook). */
    private long pace = MIN_DELAY_NANOS;
    /** Set by a pass of {@link #retake} that saw a syscall for the first time; sysmon thread only. */
    private boolean syscallFirstSeen;
    /** The earliest moment a slice seen by the last pass reaches the time slice, or NONE; sysmon thread only. */
    private long nextPreemptAt = NONE;
    private static final long NONE = Long.MIN_VALUE;

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

    /**
     * A syscall began (its P is in SYSCALL): ends a deep sleep or a nap, after which sysmon polls at
     * 20 µs, so the syscall's P is retaken soon if it blocks. Two volatile reads when sysmon is awake
     * and polling.
     */
    void syscallBegan() {
        if (deepSleep) {
            LockSupport.unpark(thread);
        } else if (napping) {
            napping = false;
            napEndedBySyscall = true;
            LockSupport.unpark(thread); // a second syscall may unpark again: one spurious short sleep
        }
    }

    /**
     * The time give or take sysmon's sleep (at most {@link #MAX_DELAY_NANOS} while a P runs), without
     * a clock read: one reads 125-220 ns on this project's 2-core machine, a few % of a spawn. While
     * sysmon sleeps deeply (every P idle, so nothing is busy) it reads the clock.
     */
    long coarseNanos() {
        return deepSleep ? System.nanoTime() : lastTickNanos;
    }

    /** The delay between checks sysmon is at now, from a tick hook (sysmon thread only). */
    long pace() {
        return pace;
    }

    /** True while sysmon sleeps longer than {@link #NAP_NANOS}, awake (tests). */
    boolean isNapping() {
        return napping;
    }

    /** True while sysmon is parked because every P was idle (tests and monitoring). */
    boolean isInDeepSleep() {
        return deepSleep;
    }

    /** Runs at each of sysmon's ticks when set: tests throw from here to check sysmon survives. */
    static volatile Runnable tickHookForTests;

    /**
     * Sysmon never ends: an Error thrown anywhere in its loop (an OutOfMemoryError while it starts
     * an M, a broken invariant) is reported and the loop begins again, awake. A dead sysmon would
     * leave Ps with Ms blocked in syscalls and slices that never end.
     */
    @Override
    public void run() {
        try {
            // Here, beside the application's start rather than in its way (10-25 ms on 2 cores).
            EagerClasses.initialize();
            VirtualThreads.prepareRepairs(); // run in catch blocks
        } catch (Throwable t) {
            sched.reportInternalError(InternalErrors.SYSMON, null, t);
        }
        while (true) {
            try {
                loop();
            } catch (Throwable t) {
                sched.reportInternalError(InternalErrors.SYSMON, null, t); // throws nothing
                lastTickNanos = System.nanoTime(); // as when a deep sleep ends (see loop)
                deepSleep = false; // the wakers' flag must not say parked while sysmon is awake
                LockSupport.parkNanos(1_000_000); // a failure that repeats must not spin a core
            }
        }
    }

    private void loop() {
        long delay = MIN_DELAY_NANOS;
        int idleRounds = 0;
        long allIdleSince = NONE;
        while (true) {
            if (idleRounds == 0) {
                delay = MIN_DELAY_NANOS;
            } else if (idleRounds > 50) {
                delay = Math.min(delay * 2, MAX_DELAY_NANOS);
            }
            long sleep = delay;
            if (nextPreemptAt != NONE) {
                sleep = Math.max(MIN_DELAY_NANOS, Math.min(delay, nextPreemptAt - System.nanoTime()));
            }
            if (sleep > NAP_NANOS) {
                napping = true;
                if (unseenSyscall()) { // began before the store above, so it may not have seen it: no nap
                    napping = false;
                    delay = MIN_DELAY_NANOS; // the next tick's retake sees the call first
                    sleep = MIN_DELAY_NANOS;
                }
            }
            LockSupport.parkNanos(sleep);
            napping = false;
            if (napEndedBySyscall) { // this tick already checks at the new pace; its retake sees the call first
                napEndedBySyscall = false;
                delay = MIN_DELAY_NANOS;
            }
            if (allPsIdle()) {
                long since = System.nanoTime();
                if (allIdleSince == NONE) {
                    allIdleSince = since;
                }
                if (since - allIdleSince >= DEEP_SLEEP_AFTER_NANOS) {
                    sleepDeeply();
                    allIdleSince = NONE;
                    continue; // at the delay it had: only a syscall or a retake calls for 20 µs polling
                }
            } else {
                allIdleSince = NONE;
            }
            long now = System.nanoTime();
            lastTickNanos = now;
            pace = delay;
            Runnable hook = tickHookForTests;
            if (hook != null) {
                hook.run();
            }
            // A retake, or a syscall seen for the first time (it may block: look again soon, not
            // after a backed-off sleep), sends the pace back to 20 µs.
            idleRounds = retake(now) || syscallFirstSeen ? 0 : idleRounds + 1;
            syscallFirstSeen = false;
        }
    }

    /** Parks while every P is idle; {@link #wake()} ends it. */
    private void sleepDeeply() {
        deepSleep = true;
        VarHandle.fullFence(); // StoreLoad: a waker that took a P after this sees deepSleep
        while (allPsIdle()) {
            LockSupport.parkNanos(this, deepSleepNanos());
            Thread.interrupted();
            startMForOverdueTimer(System.nanoTime());
            startMForStrandedWork();
        }
        lastTickNanos = System.nanoTime(); // before deepSleep = false: coarseNanos never sees the old tick
        deepSleep = false;
    }

    /** A P in a syscall that no pass of {@link #retake} has looked at yet. */
    private boolean unseenSyscall() {
        for (P pp : sched.allp()) {
            if (pp.status() == P.SYSCALL && pp.sysmonSyscalltick != pp.syscalltick()) {
                return true;
            }
        }
        return false;
    }

    /** Until the backstop wake-up: the deep-sleep cap, or just after an idle P's earliest timer. */
    private long deepSleepNanos() {
        long untilTimer = sched.timers.nanosUntilIdleTimer(TimerHeap.now());
        long cap = DEEP_SLEEP_MILLIS * 1_000_000;
        return untilTimer >= cap ? cap : untilTimer + TIMER_GRACE_NANOS;
    }

    /** Starts an M for an idle P whose timer is over the grace late. Sysmon thread only. */
    private void startMForOverdueTimer(long now) {
        P pp = sched.timers.idlePWithDueTimer(TimerHeap.fromNanoTime(now) - TIMER_GRACE_NANOS);
        if (pp != null) {
            sched.startMForTimers(pp);
        }
    }

    /** No P runs Gs: every live P is idle and no P beyond GOMAXPROCS is still held by an M. */
    private boolean allPsIdle() {
        if (sched.idle.npidle() < sched.gomaxprocs()) {
            return false;
        }
        for (P pp : sched.allp()) {
            int status = pp.status();
            if (status == P.RUNNING || status == P.SYSCALL) {
                return false;
            }
        }
        return true;
    }

    /**
     * One pass over every P, including those beyond GOMAXPROCS that an M still holds (they must stop
     * promptly after a shrink). Returns true when it retook a P from a syscall: as in Go, that sends
     * sysmon back to polling every 20 µs (a preemption every 10 ms must not), as does a syscall it
     * sees for the first time ({@link #syscallFirstSeen}). Sysmon thread only.
     */
    boolean retake(long now) {
        boolean retook = false;
        nextPreemptAt = NONE;
        int procs = sched.gomaxprocs();
        for (P pp : sched.allp()) {
            int status = pp.status();
            if (status == P.RUNNING) {
                if (pp.id >= procs) {
                    preemptBeyondGomaxprocs(pp);
                } else {
                    checkLongRunning(pp, now);
                }
            } else if (status == P.SYSCALL) {
                retook |= retakeFromSyscall(pp, now);
            }
        }
        startMForOverdueTimer(now);
        startMForStrandedWork();
        return retook;
    }

    /**
     * After gmp went without an M (the thread limit, or a thread the JVM could not start), a P
     * whose handoff failed idles with its Gs, and no M may come for them: every M can be blocked in
     * a syscall, and Go's rule that an idle P has no work does not hold. So while Ps idle and
     * nobody spins, sysmon starts a spinning M when work waits anywhere (that P's queue, the
     * global one): the start is retried at each tick until an M can be made. Never before the
     * first such failure: the common case reads one flag.
     */
    private void startMForStrandedWork() {
        if (sched.maxThreads.wentWithout() && sched.idle.npidle() > 0 && sched.idle.nmspinning() == 0
                && sched.canStartM() && sched.workQueuedAnywhere()) {
            sched.wakeP();
        }
    }

    /** A P beyond GOMAXPROCS still runs a G: ask it to yield, so its M drops the P at once. */
    private static void preemptBeyondGomaxprocs(P pp) {
        if (!pp.preempt && pp.m != null) {
            pp.preempt = true;
        }
    }

    private void checkLongRunning(P pp, long now) {
        long tick = pp.schedtick();
        if (pp.sysmonSchedtick != tick) {
            pp.sysmonSchedtick = tick;
            pp.sysmonSchedWhen = now;
            pp.sysmonFlagged = false;
        } else if (!pp.sysmonFlagged && now - pp.sysmonSchedWhen >= TIME_SLICE_NANOS) {
            M m = pp.m;
            G g = m == null ? null : m.runningG();
            if (g != null) {
                pp.sysmonFlagged = true;
                pp.preempt = true;
                sched.longRunning.increment();
                dev.gmp.jfr.LongRunningEvent.emit(g.goid, pp.id, now - pp.sysmonSchedWhen, g.thread());
                sched.warnings.longRunning(g, pp.id, now - pp.sysmonSchedWhen, now);
                return;
            }
        }
        if (!pp.sysmonFlagged) {
            long at = pp.sysmonSchedWhen + TIME_SLICE_NANOS;
            if (nextPreemptAt == NONE || at - nextPreemptAt < 0) { // nanoTime order: compare differences
                nextPreemptAt = at;
            }
        }
    }

    private boolean retakeFromSyscall(P pp, long now) {
        long tick = pp.syscalltick();
        if (pp.sysmonSyscalltick != tick) {
            pp.sysmonSyscalltick = tick; // give the syscall at least one sysmon tick to return
            syscallFirstSeen = true;
            return false;
        }
        // No point retaking a P with nothing to run while other Ms are free to take new work,
        // unless the syscall is long: then retake it anyway (it would otherwise be stuck).
        if (pp.stealer.isEmpty() && sched.idle.idleOrSpinning() > 0
                && now - pp.syscallWhen < TIME_SLICE_NANOS && !PTimers.hasDueTimer(pp, TimerHeap.fromNanoTime(now))) {
            return false;
        }
        if (!sched.canStartM()) {
            // At the thread limit with no idle M: a retaken P would have no M to run it. The call
            // keeps its P (once per syscall the refusal is counted and recorded).
            if (pp.sysmonLimitedSyscalltick != tick) {
                pp.sysmonLimitedSyscalltick = tick;
                sched.maxThreads.refused("a syscall handoff", pp.id);
            }
            return false;
        }
        // SYSCALL -> RUNNING makes sysmon the P's owner until handoffP passes it on; the returning
        // M's exitsyscall CAS (SYSCALL -> RUNNING) then fails and it takes its slow path.
        if (!pp.casStatus(P.SYSCALL, P.RUNNING)) {
            return false;
        }
        M from = pp.m;
        sched.retakes.increment();
        sched.syscallState.handoffP(pp, from);
        return true;
    }
}

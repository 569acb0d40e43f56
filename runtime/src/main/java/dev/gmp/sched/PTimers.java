package dev.gmp.sched;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Timers inside the scheduler, as in Go (runtime/time.go with proc.go's checkTimers): every P has a
 * {@link TimerHeap}; a virtual thread's timed park (sleep, parkNanos, timed waits: the agent routes
 * the JDK's one scheduling point here) and gmp's own after/Ticker add a timer to the heap of the P
 * the caller runs on, and the M holding that P runs it when due, so the woken G goes straight to
 * that P's run queue (its runnext, as Go's goready does) with no timer thread and no global lock.
 *
 * <p>Two departures from Go, both for a P busy when many timers come due at once (a burst of
 * sleepers): timers run only while their Gs fit in the P's ring ({@link #mayReadyAnother}), the rest
 * waiting in the heap in deadline order, and sysmon's preemption of the P leaves a G a timer put in
 * runnext where it is ({@link M#timerRunnext}). In Go, the first overflows the ring's older half to
 * the global queue's tail, and the second sends the runnext G there: a run of wake-ups through
 * runnext is one long slice to sysmon. Go's global queue is short; gmp's holds every G started or
 * woken from outside the Ps, which busy Ps take from once every 61 schedules.
 *
 * <p>Who runs due timers:
 * <ul>
 *   <li>The M holding a P, at the top of every {@code findRunnable} ({@link #runDue}): one plain
 *       read when the P has no timers, a clock read when it has some.</li>
 *   <li>An M going idle computes the earliest deadline of the idle Ps; one idle M, the
 *       <i>waiter</i>, parks only until then ({@link #parkIdle}) and, when it passes, takes that
 *       P off the idle list and runs its timers (Go's netpoll with a timeout, without netpoll).</li>
 *   <li>Sysmon, each pass and in its deep sleep: it starts an M for an idle P whose timer is due
 *       (the waiter may be busy elsewhere) and retakes a P whose M sits in a syscall while its
 *       timers are due ({@link #idlePWithDueTimer}, {@link #hasDueTimer}).</li>
 * </ul>
 *
 * <p>Adding from a thread that owns no P (a platform thread calling Gmp.after, an M whose P a
 * syscall handoff took) pushes onto the <i>inbox</i>, a lock-free stack any P's owner drains into
 * its own heap at its next check; a P that dies (GOMAXPROCS shrink) moves its timers there too (Go's
 * moveTimers). Invariants: a timer is in at most one place (one heap or the inbox) and only the
 * owner of that place moves it; the inbox is emptied only by an owner of a live P, and is counted as
 * work by the idle paths (an M about to sleep looks at it after publishing its idle P, the pusher
 * calls wakeP after pushing: a full fence on both sides, so one sees the other).
 */
final class PTimers {
    private final Sched sched;
    /** Timers waiting for a P's owner to adopt them: a Treiber stack linked through Timer.next. */
    private final AtomicReference<Timer> inbox = new AtomicReference<>();

    /** The idle M parked until {@link #waiterUntil}, or null; both guarded by the scheduler lock. */
    private M waiter;
    private long waiterUntil = TimerHeap.NONE;

    PTimers(Sched sched) {
        this.sched = sched;
    }

    // ---- adding and cancelling ----------------------------------------------------------------

    /**
     * A timer that runs {@code task} on an M after {@code delayNanos} (at the next check when not
     * positive), then every {@code periodNanos} when that is positive. Any thread. The task runs on
     * an M between Gs: it must be short and must not block (an unpark or a non-blocking send).
     * Throws OutOfMemoryError, arming nothing, when the heap cannot hold the timer (a timed park's
     * G then resumes early, see M#execute); once made, the timer is never lost.
     */
    Timer schedule(Runnable task, long delayNanos, long periodNanos) {
        if (periodNanos < 0) {
            throw new IllegalArgumentException("timer period must be positive or 0 (one-shot), got " + periodNanos);
        }
        // Decremented only while positive: two Ms racing for the last injected failure must not
        // take the count below 0 (the test checks that every failure was met, exactly).
        if (allocationsToFailForTests.get() > 0 && allocationsToFailForTests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new OutOfMemoryError("test: a timer");
        }
        long nanoTime = System.nanoTime();
        Timer t = new Timer(task, TimerHeap.deadline(TimerHeap.fromNanoTime(nanoTime), delayNanos), periodNanos);
        M m = Sched.currentM();
        if (m != null && m.curg != null && Thread.currentThread() == m) {
            m.clockAfterSlice = nanoTime; // a G's timed park arming its timer after the yield: its slice ends now
        }
        P pp = ownedP(m);
        if (pp != null) {
            if (!addOrPostpone(pp, t)) { // its M runs it at a schedule, or publishes it when the P goes idle
                sched.wakeP();
            }
        } else {
            pushInbox(t);
            sched.wakeP();
        }
        return t;
    }

    /** Tests: this many of the next timers fail to allocate, as when the heap is exhausted. */
    static final AtomicInteger allocationsToFailForTests = new AtomicInteger();

    /** The P the caller, on M {@code m} or on none, owns (its M holds it running, as Sched.ready decides), or null. */
    private static P ownedP(M m) {
        P pp = m == null ? null : m.p;
        return pp != null && pp.status() == P.RUNNING ? pp : null;
    }

    private void pushInbox(Timer t) {
        t.heap = null;
        Timer head;
        do {
            head = inbox.get();
            t.next = head;
        } while (!inbox.compareAndSet(head, t)); // a CAS: full fence before the pusher's wakeP reads
    }

    boolean inboxNotEmpty() {
        return inbox.get() != null;
    }

    /** Moves a dying P's pending timers to the inbox; true if there were any. Caller owns pp (scheduler lock held). */
    boolean moveToInbox(P pp) {
        if (pp.timers.size() == 0) {
            return false;
        }
        boolean[] moved = {false};
        pp.timers.drainPending(t -> {
            pushInbox(t);
            moved[0] = true;
        });
        return moved[0];
    }

    // ---- running due timers (the owner of a P) ------------------------------------------------

    /**
     * Go's checkTimers: adopts the inbox's timers into {@code pp}'s heap and runs the ones due.
     * Gs they ready go to {@code pp}'s queues. Called by the M holding pp, between Gs, with a
     * {@code System.nanoTime()} reading it took since its last G stopped ({@link M#clockAfterSlice})
     * or 0 to read the clock here.
     */
    void runDue(P pp, long nanoTime) {
        if (inbox.get() != null) {
            adoptInbox(pp);
        }
        TimerHeap heap = pp.timers;
        long next = heap.nextWhen();
        if (next == TimerHeap.NONE) {
            return;
        }
        long now = nanoTime != 0 ? TimerHeap.fromNanoTime(nanoTime) : TimerHeap.now();
        if (next > now) {
            heap.compactIfMostlyCancelled();
            return;
        }
        M m = pp.m;
        m.timerWakes = 0; // Sched.ready counts the Gs readied onto pp instead of waking an M for each
        try {
            Timer t;
            while (mayReadyAnother(pp.runq, m.timerWakes == 0, next, now) && (t = heap.pollDue(now)) != null) {
                try {
                    if (t.fire()) {
                        heap.countFired();
                    }
                } catch (Throwable e) {
                    sched.reportInternalError(InternalErrors.TIMER_TASK, null, e);
                }
                if (t.period != 0 && t.isPending()) {
                    // Fixed rate, without making up missed runs (Go's ticker drops ticks a slow receiver missed).
                    long late = now - t.when;
                    t.when += t.period * (1 + late / t.period);
                    addOrPostpone(pp, t);
                }
            }
        } finally {
            int readied = m.timerWakes;
            m.timerWakes = -1;
            if (readied > 0) {
                m.timerRunnext = pp.runq.runnext();
            }
            if (readied > 1) {
                sched.wakeP(); // this M runs one; a spinning M may take the others (it wakes more)
            }
        }
    }

    /**
     * Whether the next due timer may run now: only while the G it readies fits on pp without an
     * overflow. A timer readies its G into runnext, and the G there before moves to the ring's tail;
     * when the ring is full, Go's overflow would move the ring's older half to the global queue's
     * tail, behind everything started from outside the Ps, which busy Ps take from once every 61
     * schedules. A burst of due timers on a busy P did exactly that: a few percent of its sleeps
     * came back hundreds of milliseconds late. The timers left over stay in the heap, in deadline
     * order, and run at this P's next schedules as the ring drains (or as idle Ps steal from it).
     *
     * <p>So that timers are never starved by a ring that stays full (Gs yielding or preempted back
     * to it at 1 P), one timer may still run when the ring is full if runnext is empty (it needs no
     * ring slot then) and the earliest due timer has waited a whole time slice: its G runs next.
     *
     * @param firstOfCheck no G was readied yet by this check
     * @param earliest     the earliest deadline when the check began
     */
    static boolean mayReadyAnother(RunQueue runq, boolean firstOfCheck, long earliest, long now) {
        return runq.free() > 0
                || (firstOfCheck && runq.runnext() == null && now - earliest >= Sysmon.TIME_SLICE_NANOS);
    }

    private void adoptInbox(P pp) {
        Timer t = inbox.getAndSet(null);
        while (t != null) {
            Timer next = t.next;
            t.next = null;
            if (t.isPending() && !addOrPostpone(pp, t)) {
                while (next != null) { // the heap cannot grow now: the rest wait in the inbox too
                    Timer after = next.next;
                    pushInbox(next);
                    next = after;
                }
                return;
            }
            t = next;
        }
    }

    /**
     * Adds {@code t} to {@code pp}'s heap; when the heap cannot grow (an exhausted Java heap), puts
     * it back in the inbox, which allocates nothing, and returns false: a timer is never dropped, and
     * runs once some P's heap has room (the inbox counts as work for the idle paths). Owner of pp.
     */
    private boolean addOrPostpone(P pp, Timer t) {
        try {
            pp.timers.add(t);
            return true;
        } catch (OutOfMemoryError e) {
            pushInbox(t);
            sched.reportInternalError(InternalErrors.TIMER_ADOPT, null, e);
            return false;
        }
    }

    /** Whether {@code pp}'s earliest published deadline has passed at {@code now}. Any thread. */
    static boolean hasDueTimer(P pp, long now) {
        return pp.timers.publishedNextWhen() <= now;
    }

    // ---- idle Ms and the timers of idle Ps ----------------------------------------------------

    /**
     * Parks {@code m}, which is on the idle M list, until it is woken with a P or, if it becomes the
     * timer waiter, until the earliest timer of an idle P is due; then takes that P off the idle
     * list (and m off the idle M list) and returns it, for m to run its timers. Returns null when
     * m should look at its wake-up flag again. Called by m only.
     */
    P parkIdle(M m) {
        long until = claimWaiter(m);
        if (until == TimerHeap.NONE) {
            LockSupport.park(m);
            return null;
        }
        long delay = until - TimerHeap.now();
        if (delay > 0) {
            LockSupport.parkNanos(m, delay);
        }
        return takeIdlePWithDueTimer(m);
    }

    /**
     * Makes m the waiter if an idle P has a timer (or the inbox has one) earlier than the current
     * waiter's deadline; returns m's deadline, or NONE when m should park until woken.
     */
    private long claimWaiter(M m) {
        long earliest = earliestIdleTimer();
        if (earliest == TimerHeap.NONE) {
            return TimerHeap.NONE;
        }
        sched.lock.lock();
        try {
            // An m already taken off the idle list by a waker is unparked by it: claiming is harmless.
            if (waiter == m || waiter == null || earliest < waiterUntil) {
                waiter = m; // a waiter displaced here wakes at its own deadline and parks again
                waiterUntil = earliest;
                return earliest;
            }
            return TimerHeap.NONE;
        } finally {
            sched.lock.unlock();
        }
    }

    /**
     * The earliest published deadline of an idle P's timers; 0 when the inbox holds timers and a P
     * is idle to adopt them (with none idle, the busy Ms adopt them: waiting here would spin); else NONE.
     */
    private long earliestIdleTimer() {
        if (inbox.get() != null && sched.idle.npidle() > 0) {
            return 0;
        }
        long earliest = TimerHeap.NONE;
        for (P pp : sched.allp()) {
            if (pp.status() == P.IDLE) {
                earliest = Math.min(earliest, pp.timers.publishedNextWhen());
            }
        }
        return earliest;
    }

    private P takeIdlePWithDueTimer(M m) {
        long now = TimerHeap.now();
        P pp;
        sched.lock.lock();
        try {
            if (waiter == m) {
                waiter = null;
                waiterUntil = TimerHeap.NONE;
            }
            boolean anyP = inbox.get() != null; // inbox timers can go to any P
            P target = anyP ? null : idlePWithDueTimer(now);
            if (!anyP && target == null) {
                return null; // nothing due (cancelled, or run by someone else): park again
            }
            if (!sched.idle.midleRemoveLocked(m)) {
                return null; // a waker took m off the list and is handing it a P
            }
            pp = sched.pidleGetLockedForTimers(target);
            if (pp == null) {
                sched.idle.midlePutLocked(m); // no idle P: the busy Ms adopt the inbox
                return null;
            }
        } finally {
            sched.lock.unlock();
        }
        sched.sysmon().wake(); // a P left the idle list
        return pp;
    }

    /** The idle P with the earliest timer due at {@code now}, or null (the waiter, and sysmon). */
    P idlePWithDueTimer(long now) {
        P best = null;
        long bestWhen = now;
        for (P pp : sched.allp()) {
            long w;
            if (pp.status() == P.IDLE && (w = pp.timers.publishedNextWhen()) <= bestWhen) {
                best = pp;
                bestWhen = w;
            }
        }
        return best;
    }

    /** Nanoseconds from {@code now} until an idle P's earliest timer, or NONE. For sysmon's deep sleep. */
    long nanosUntilIdleTimer(long now) {
        long earliest = earliestIdleTimer();
        return earliest == TimerHeap.NONE ? TimerHeap.NONE : Math.max(0, earliest - now);
    }

    /** Timers run so far, over every P (dead ones included). */
    long fired() {
        long n = 0;
        for (P pp : sched.allp()) {
            n += pp.timers.fired();
        }
        return n;
    }
}

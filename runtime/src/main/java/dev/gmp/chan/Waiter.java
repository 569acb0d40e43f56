package dev.gmp.chan;

import dev.gmp.sched.G;
import dev.gmp.sched.Sched;
import dev.gmp.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A thread waiting in a channel or WaitGroup queue (Go's sudog): one per blocked operation, or one
 * per case of a blocked select (all sharing a {@link SelectGroup}).
 *
 * <p>Lifecycle and who touches what:
 * <ol>
 *   <li>The waiting thread creates it and enqueues it under the queue owner's lock (a sender puts
 *       the value to send in {@link #elem} first).</li>
 *   <li>A waker removes it under the same lock ({@link WaitQueue#dequeue}, which for a select case
 *       also wins the select's claim), fills in {@link #elem} and {@link #success}, unlocks, then
 *       calls {@link #wake()}. From dequeue on, only that waker writes the record.</li>
 *   <li>{@link #wake()} publishes with a release store the waiting thread polls with acquire loads,
 *       then unparks it. The waiting thread reads {@code elem} and {@code success} only after seeing
 *       that write. No StoreLoad fence is needed between the store and the unpark: a parked thread
 *       is released through the permit's and state's atomic updates in unpark, which come after the
 *       store in the waker's program order, so the woken thread's next load sees it.</li>
 * </ol>
 * A G reuses one record for all its plain operations ({@link #forCurrentThread}), as Go reuses
 * sudogs: a G runs one operation at a time, and the record is out of every queue once the G has
 * seen {@code done} (the waker dequeued it first). The only reference left then is a waker between
 * its release store and its unpark, which reads nothing from the record afterwards ({@code thread}
 * is final and the record's thread's own), so a late unpark can only cause a spurious wake-up,
 * which every park loop tolerates. Select cases and other threads' operations get fresh records.
 */
public final class Waiter {
    final Thread thread;
    /** The waiting thread is a gmp G (counted in {@link ParkedCounts} as such). */
    final boolean isG;
    /** The select this is a case of, or null for a plain send, receive or WaitGroup wait. */
    final SelectGroup group;
    /** The select case index, or -1. */
    final int caseIndex;

    /** The value to send (sender), or the value received (receiver); null for a receiver woken by close. */
    Object elem;
    /** True when the operation communicated; false when the waiter was woken by close. */
    boolean success;

    /** Queue links and membership, guarded by the lock of the queue's owner. */
    Waiter prev;
    Waiter next;
    boolean queued;

    /** Set by the waker after elem and success (single operations; a select uses its group). See DONE. */
    @SuppressWarnings("unused") // accessed through DONE
    private boolean done;

    private Waiter(Thread thread, boolean isG, SelectGroup group, int caseIndex) {
        this.thread = thread;
        this.isG = isG;
        this.group = group;
        this.caseIndex = caseIndex;
    }

    /**
     * A waiter for a plain operation of the current thread: a G's own reused record, reset, or a new
     * one for any other thread.
     */
    static Waiter forCurrentThread() {
        Sched s = Sched.getIfStarted();
        G g = s == null ? null : s.currentG();
        if (g == null) {
            return new Waiter(Thread.currentThread(), false, null, -1);
        }
        if (g.chanWaiter() instanceof Waiter reused) {
            // Dequeued (prev, next, queued cleared by the waker) and seen done by this G itself.
            reused.elem = null;
            reused.success = false;
            DONE.set(reused, false); // plain: read only by this G; wakers see the record after the queue's lock
            return reused;
        }
        Waiter made = new Waiter(g.thread(), true, null, -1);
        g.keepChanWaiter(made);
        return made;
    }

    /** A waiter for case {@code caseIndex} of the select {@code group}. */
    static Waiter forSelectCase(SelectGroup group, int caseIndex) {
        return new Waiter(group.thread, group.isG, group, caseIndex);
    }

    /**
     * Called under the queue's lock while dequeuing: true when this waiter may be woken by the
     * caller. Always true for a plain operation; for a select case, true only for the first case
     * of that select to be dequeued anywhere (the others are stale and the select removes them).
     */
    boolean claim() {
        return group == null || group.claim();
    }

    /**
     * The waker's last step, called after unlocking: accounts the wake-up, publishes elem and
     * success, and unparks the waiting thread. When the waker is a G, gmp puts the woken G in the
     * waker's P runnext, so it runs next on the same M.
     */
    void wake() {
        ParkedCounts.woke(isG);
        if (group == null) {
            DONE.setRelease(this, true); // publishes elem and success written before
        } else {
            group.fire(this);
        }
        LockSupport.unpark(thread);
    }

    /**
     * Parks the current (waiting) thread until {@link #wake()} ran. Channel operations are not
     * interruptible, as in Go: an interrupt is remembered and re-asserted on return.
     */
    void await(WaitReason reason) {
        boolean interrupted = false;
        while (!(boolean) DONE.getAcquire(this)) {
            LockSupport.park(reason);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(Waiter.class, "done", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

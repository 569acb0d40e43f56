package dev.gmp.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The lock of one channel or WaitGroup (Go's hchan.lock): a test-and-test-and-set spin lock.
 *
 * <p>Why spin rather than park (a ReentrantLock): every critical section is O(1) field work — a
 * queue link, a ring slot, a flag — and never parks, never allocates large, never calls
 * {@code LockSupport.unpark} (wakers unpark only after unlocking). A parking lock would make a
 * contended channel go through the scheduler twice (park the waiter, ready it again) to wait a few
 * nanoseconds, and its unlock would run scheduler code (gmp's ready, wakeP) inside the channel
 * operation. Worse, a virtual thread parked on the lock while holding another channel's lock in
 * select would sit in the run queues holding it. Spinning keeps the lock out of the scheduler.
 *
 * <p>The holder may still be descheduled by the OS (its M is a platform thread on a busy machine),
 * so after a short spin a waiter yields: a G yields its P to other Gs (the holder runs on another
 * M, it is never unmounted while holding), a platform thread yields its CPU. A G that already holds
 * other channel locks (a select locking its channels) must not yield: that would unmount it with
 * those locks held, and Gs spinning on them would wait for it to be scheduled again. It takes the
 * next lock with {@link #lockHoldingOthers()}, which only spins (the holder it waits for is running:
 * holders never unmount), and still yields a platform thread's CPU.
 *
 * <p>Memory ordering: lock is a CAS (volatile read and write: acquire), unlock a release store, so
 * everything written under the lock happens-before the next holder's reads.
 */
public final class ChanLock {
    private static final int SPINS_BEFORE_YIELD = 100;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state; // 0 free, 1 held

    /** Takes the lock; the caller holds no other ChanLock. */
    public void lock() {
        if (!STATE.compareAndSet(this, 0, 1)) {
            lockContended(true);
        }
    }

    /** Takes the lock while holding other ChanLocks: never unmounts a virtual thread. */
    void lockHoldingOthers() {
        if (!STATE.compareAndSet(this, 0, 1)) {
            lockContended(!Thread.currentThread().isVirtual());
        }
    }

    private void lockContended(boolean mayYield) {
        int spins = 0;
        while (true) {
            // Test before test-and-set: spinning on a plain read keeps the cache line shared.
            if ((int) STATE.getOpaque(this) == 0 && STATE.compareAndSet(this, 0, 1)) {
                return;
            }
            if (++spins < SPINS_BEFORE_YIELD || !mayYield) {
                Thread.onSpinWait();
            } else {
                spins = 0;
                Thread.yield();
            }
        }
    }

    public void unlock() {
        STATE.setRelease(this, 0); // release: publishes the critical section to the next CAS
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(ChanLock.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

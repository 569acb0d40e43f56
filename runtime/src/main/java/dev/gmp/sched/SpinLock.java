package dev.gmp.sched;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The scheduler's locks (Go's sched.lock, and the stripes of {@link AllGs}): short critical
 * sections over the idle lists and the global run queue. A holder never blocks, parks or allocates
 * more than a queue node while holding.
 *
 * <p>The one policy for virtual threads: a G never unmounts while holding or waiting for a
 * scheduler lock. It takes these locks from inside the scheduler (ready, exitsyscall) with its M
 * and P in local variables; a {@code Thread.yield()} there would unmount it, run the JDK's resubmit
 * through this very lock, and resume it on another M, so it would then act for an M it no longer
 * runs on (exitsyscall giving a P to the old M: a P with no M, lost for good). So a virtual thread
 * only spins; the holder it waits for is running (holders never unmount). A platform thread (an
 * M, sysmon, a timer) spins briefly and then yields its CPU, since the OS may have descheduled the
 * holder.
 *
 * <p>Memory ordering: lock is a CAS (acquire), unlock a release store: everything written under the
 * lock happens-before the next holder's reads.
 */
final class SpinLock {
    private static final int SPINS_BEFORE_OS_YIELD = 128;

    private final AtomicBoolean held = new AtomicBoolean();

    void lock() {
        if (!held.compareAndSet(false, true)) {
            lockContended();
        }
    }

    private void lockContended() {
        boolean mayYield = !Thread.currentThread().isVirtual();
        int spins = 0;
        // Test before test-and-set: spinning on a plain read keeps the cache line shared.
        while (held.getOpaque() || !held.compareAndSet(false, true)) {
            if (++spins < SPINS_BEFORE_OS_YIELD || !mayYield) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
                spins = 0;
            }
        }
    }

    void unlock() {
        if (!held.getPlain()) { // the holder's own write: a plain read sees it
            throw new IllegalStateException("scheduler lock released while not held");
        }
        held.setRelease(false);
    }
}

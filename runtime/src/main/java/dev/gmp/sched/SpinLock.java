package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
 *
 * <p>The lock word is a field of this object, not a separate atomic, so a class that extends it
 * ({@link AllGs}'s stripes) keeps the word next to the data it guards: one cache line, no indirection.
 * Padding before the word keeps it off the line of whatever was allocated just before the lock (the
 * scheduler's own fields, the previous stripe's data), which other cores read while this one spins.
 */
class SpinLock extends SpinLockPadding {
    private static final int SPINS_BEFORE_OS_YIELD = 128;
    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(SpinLock.class, "held", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Accessed only through {@link #HELD}: CAS to take, release store to give back. */
    @SuppressWarnings("unused")
    private boolean held;

    final void lock() {
        if (!HELD.compareAndSet(this, false, true)) {
            lockContended();
        }
    }

    private void lockContended() {
        boolean mayYield = !Thread.currentThread().isVirtual();
        int spins = 0;
        // Test before test-and-set: spinning on a plain read keeps the cache line shared.
        while ((boolean) HELD.getOpaque(this) || !HELD.compareAndSet(this, false, true)) {
            if (++spins < SPINS_BEFORE_OS_YIELD || !mayYield) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
                spins = 0;
            }
        }
    }

    final void unlock() {
        if (!held) { // the holder's own write: a plain read sees it
            throw new IllegalStateException("scheduler lock released while not held");
        }
        HELD.setRelease(this, false);
    }
}

/** 64 bytes ahead of the lock word (bytes, not longs: see RunQueuePad0). */
abstract class SpinLockPadding {
    byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}

package dev.gmp.chan;

import dev.gmp.sched.WaitReason;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiters of one blocked select, which sit in several channels' queues at once (Go keeps this
 * state in the G: selectDone and param). Exactly one case may fire: a waker must win
 * {@link #claim()} first, under the lock of the channel it dequeues from. Losers skip the waiter
 * (it is stale) and the select removes its remaining waiters itself after waking.
 */
final class SelectGroup {
    final Thread thread;
    final boolean isG;

    @SuppressWarnings("unused") // accessed through CLAIMED
    private volatile int claimed;
    /** The case that fired, published by its waker after its elem and success (volatile write). */
    private volatile Waiter fired;

    SelectGroup() {
        this.thread = Thread.currentThread();
        this.isG = ParkedCounts.callerIsG();
    }

    /** True for exactly one caller: the waker allowed to complete one of this select's cases. */
    boolean claim() {
        return (int) CLAIMED.getVolatile(this) == 0 && CLAIMED.compareAndSet(this, 0, 1);
    }

    /** The claim winner publishes its case; the select thread reads elem and success after this. */
    void fire(Waiter waiter) {
        fired = waiter;
    }

    /** Parks the select's thread until a case fired, and returns it. Not interruptible (see Waiter#await). */
    Waiter await(WaitReason reason) {
        boolean interrupted = false;
        Waiter w;
        while ((w = fired) == null) {
            LockSupport.park(reason);
            interrupted |= Thread.interrupted();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return w;
    }

    private static final VarHandle CLAIMED;

    static {
        try {
            CLAIMED = MethodHandles.lookup().findVarHandle(SelectGroup.class, "claimed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

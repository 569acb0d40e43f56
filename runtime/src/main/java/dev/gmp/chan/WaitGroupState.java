package dev.gmp.chan;

import dev.gmp.sched.WaitReason;

/**
 * The state behind {@link dev.gmp.WaitGroup}: a counter and the threads waiting for it to reach
 * zero. Go builds its WaitGroup on an atomic word and a semaphore; here the counter and the queue
 * sit under one {@link ChanLock}, so "counter is zero" and "waiter enqueued" cannot race: a waiter
 * either sees zero, or is queued before the add that reaches zero takes the lock and wakes it.
 */
public final class WaitGroupState {
    private final ChanLock lock = new ChanLock();
    private final WaitQueue waiters = new WaitQueue();
    private long counter; // guarded by lock

    public WaitGroupState() {
        DeadlockDetector.ensureStarted();
    }

    /**
     * Adds {@code delta} (may be negative); at zero every waiter is woken.
     *
     * @throws IllegalStateException when the counter would go negative (it is left unchanged)
     */
    public void add(int delta) {
        lock.lock();
        long next = counter + delta;
        if (next < 0) {
            long was = counter;
            lock.unlock();
            throw new IllegalStateException("negative WaitGroup counter: " + was + " + (" + delta + ") = " + next
                    + "; done() was called more often than add() counted");
        }
        counter = next;
        WakeList woken = new WakeList();
        if (next == 0) {
            Waiter w;
            while ((w = waiters.dequeue()) != null) {
                w.success = true;
                woken.add(w);
            }
        }
        lock.unlock();
        woken.wakeAll();
    }

    public long count() {
        lock.lock();
        long n = counter;
        lock.unlock();
        return n;
    }

    /** Parks until the counter is zero; returns at once when it is. Not interruptible (see Waiter#await). */
    public void await() {
        lock.lock();
        if (counter == 0) {
            lock.unlock();
            return;
        }
        Waiter me = Waiter.forCurrentThread();
        waiters.enqueue(me);
        ParkedCounts.parked(me.isG);
        lock.unlock();
        me.await(WaitReason.WAIT_GROUP);
    }
}

package dev.gmp.chan;

/**
 * Waiters dequeued under a lock, to be woken in FIFO order after it is released (close wakes every
 * waiter; a WaitGroup reaching zero wakes all of its own). A dequeued waiter is unlinked from its
 * queue, so its {@code next} field is free to chain it here; only the waker touches it until
 * {@link Waiter#wake()}.
 */
final class WakeList {
    private Waiter head;
    private Waiter tail;

    /** Adds a waiter just dequeued by the caller (lock held). */
    void add(Waiter w) {
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
    }

    /** Wakes every waiter added, oldest first. Call after unlocking. */
    void wakeAll() {
        Waiter w = head;
        head = tail = null;
        while (w != null) {
            Waiter next = w.next; // read before wake: the record is the woken thread's after that
            w.next = null;
            w.wake();
            w = next;
        }
    }
}

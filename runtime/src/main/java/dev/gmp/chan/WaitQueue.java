package dev.gmp.chan;

/**
 * A FIFO queue of {@link Waiter}s (Go's waitq): a channel's receivers or senders, a WaitGroup's
 * waiters. Doubly linked so a select can unlink its stale cases in O(1). Every method must be
 * called with the owner's {@link ChanLock} held.
 */
final class WaitQueue {
    private Waiter first;
    private Waiter last;

    void enqueue(Waiter w) {
        w.next = null;
        w.prev = last;
        if (last == null) {
            first = w;
        } else {
            last.next = w;
        }
        last = w;
        w.queued = true;
    }

    /**
     * Removes and returns the longest-waiting waiter the caller may wake, or null. A select case
     * whose select already fired through another channel is unlinked and skipped (Go's
     * selectDone check): its select will not look at it again.
     */
    Waiter dequeue() {
        while (true) {
            Waiter w = first;
            if (w == null) {
                return null;
            }
            unlink(w);
            if (w.claim()) {
                return w;
            }
        }
    }

    /** Unlinks {@code w} if it is still queued here (a select removing its cases that did not fire). */
    void remove(Waiter w) {
        if (w.queued) {
            unlink(w);
        }
    }

    boolean isEmpty() {
        return first == null;
    }

    private void unlink(Waiter w) {
        Waiter p = w.prev;
        Waiter n = w.next;
        if (p == null) {
            first = n;
        } else {
            p.next = n;
        }
        if (n == null) {
            last = p;
        } else {
            n.prev = p;
        }
        w.prev = null;
        w.next = null;
        w.queued = false;
    }
}

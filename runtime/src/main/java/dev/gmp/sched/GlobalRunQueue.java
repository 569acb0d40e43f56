package dev.gmp.sched;

/**
 * The global run queue (Go's sched.runq, a gQueue): a FIFO of Gs linked through their own
 * {@link G#schedLink} field, so queueing never allocates. An OutOfMemoryError can therefore not
 * strike halfway through moving Gs between queues, and a million queued Gs cost no extra memory.
 *
 * <p>Guarded by the scheduler lock: every method except {@link #size()} must be called holding it
 * (Go's convention, hence the {@code Locked} suffix). {@link #size()} is a volatile read for the
 * lock-free emptiness checks of the hot paths; it is written under the lock after each change.
 */
final class GlobalRunQueue {
    private G head;
    private G tail;
    private volatile int size;

    int size() {
        return size;
    }

    boolean isEmptyLocked() {
        return head == null;
    }

    void putLocked(G g) {
        if (g.schedLink != null || g == tail) {
            throw new IllegalStateException("globrunqput: " + g + " is already queued");
        }
        if (tail == null) {
            head = g;
        } else {
            tail.schedLink = g;
        }
        tail = g;
        size++;
    }

    /** Puts {@code g} at the head: it runs before everything queued (a G that could not be placed locally). */
    void putHeadLocked(G g) {
        if (g.schedLink != null || g == tail) {
            throw new IllegalStateException("globrunqput: " + g + " is already queued");
        }
        g.schedLink = head;
        head = g;
        if (tail == null) {
            tail = g;
        }
        size++;
    }

    /** The head G, or null when empty. */
    G pollLocked() {
        G g = head;
        if (g == null) {
            return null;
        }
        head = g.schedLink;
        if (head == null) {
            tail = null;
        }
        g.schedLink = null;
        size--;
        return g;
    }
}

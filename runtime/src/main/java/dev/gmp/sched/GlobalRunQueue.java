package dev.gmp.sched;

/**
 * The global run queue (Go's sched.runq, a gQueue): a FIFO of Gs linked through their own
 * {@link G#schedLink} field, so queueing never allocates. An OutOfMemoryError can therefore not
 * strike halfway through moving Gs between queues, and a million queued Gs cost no extra memory.
 *
 * <p>A G already in this queue is not queued again: the JDK may submit one virtual thread twice
 * (after walking a runnable thread's stack it resubmits it, in case the queued entry was consumed
 * meanwhile), and running its continuation is idempotent, so the G's one place in line serves both.
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
        if (isQueuedLocked(g)) {
            return;
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
        if (isQueuedLocked(g)) {
            return;
        }
        g.schedLink = head;
        head = g;
        if (tail == null) {
            tail = g;
        }
        size++;
    }

    /** Whether {@code g} is in this queue: it links to a successor, or it is the last. */
    private boolean isQueuedLocked(G g) {
        return g.schedLink != null || g == tail;
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

package dev.gmp.sched;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The global run queue (Go's sched.runq, a gQueue): a FIFO of Gs linked through their own
 * {@link G#schedLink} field, so queueing never allocates. An OutOfMemoryError can therefore not
 * strike halfway through moving Gs between queues, and a million queued Gs cost no extra memory.
 *
 * <p>A G already in this queue is not queued again: the JDK may submit one virtual thread twice
 * (after walking a runnable thread's stack it resubmits it, in case the queued entry was consumed
 * meanwhile), and running its continuation is idempotent, so the G's one place in line serves both.
 *
 * <p>Guarded by the scheduler lock: every method except {@link #size()} and {@link #inject} must be
 * called holding it (Go's convention, hence the {@code Locked} suffix). {@link #size()} is a
 * volatile read for the lock-free emptiness checks of the hot paths; it is written under the lock
 * after each change.
 *
 * <p>Gs readied by threads that hold no P (platform threads, the JDK's own threads) come in through
 * {@link #inject}, a lock-free stack linked through {@link G#injectLink}, so such wake-ups never
 * contend for the scheduler lock; whoever next takes from the queue under the lock moves the whole
 * stack in, oldest first, in one lock hold (Go's injectglist batches such Gs the same way). A G
 * is on the stack at most once ({@link G#claimInjection}); moved in, it is deduplicated as above.
 * The stack counts as work in {@link #size()} and {@link #isEmptyLocked()}, so nothing that looks
 * for global work misses it; the no-lost-wake-up argument for it is the spinning one (see
 * package-info): the injector's CAS and an idling M's npidle increment are full fences, and each
 * side reads the other's after its own.
 */
final class GlobalRunQueue {
    private G head;
    private G tail;
    private volatile int size;
    /** The lock-free front door: newest first, linked through G.injectLink. */
    private final AtomicReference<G> injected = new AtomicReference<>();

    /**
     * Queued Gs plus injected ones waiting to be moved in (read from the top of the stack, which
     * records the stack's depth): non-zero exactly when there is work. Any thread; a moment's view.
     */
    int size() {
        G top = injected.get();
        return size + (top == null ? 0 : Math.max(1, top.injectDepth));
    }

    /** The Gs in the FIFO itself, not counting injected ones still on the stack. Lock held. */
    int queuedLocked() {
        return size;
    }

    boolean isEmptyLocked() {
        return head == null && injected.get() == null;
    }

    /** Whether injected Gs wait to be moved in (any thread; a moment's view). */
    boolean hasInjected() {
        return injected.get() != null;
    }

    /**
     * Queues {@code g} without the lock (any thread). Returns false when g is on the stack already
     * (a second submission of the same virtual thread: its one place serves both).
     */
    boolean inject(G g) {
        if (!g.claimInjection()) {
            return false;
        }
        G top;
        do {
            top = injected.get();
            g.injectLink = top;
            g.injectDepth = top == null ? 1 : top.injectDepth + 1; // published by the CAS with the link
        } while (!injected.compareAndSet(top, g)); // full fence: the injector's wakeP reads npidle after it
        return true;
    }

    /** Moves the injected Gs in behind the queued ones, oldest first. Lock held. */
    void adoptInjectedLocked() {
        if (injected.get() == null) {
            return; // the common case: a read leaves the line shared, where the swap would take it
        }
        G newest = injected.getAndSet(null);
        G oldestFirst = null;
        while (newest != null) { // reverse the stack
            G next = newest.injectLink;
            newest.injectLink = oldestFirst;
            oldestFirst = newest;
            newest = next;
        }
        while (oldestFirst != null) {
            G g = oldestFirst;
            oldestFirst = g.injectLink;
            g.injectLink = null;
            g.releaseInjection(); // from here a new submission may inject g again
            appendLocked(g);
        }
    }

    /** Queues {@code g} at the tail, behind the Gs injected before it (FIFO across both doors). */
    void putLocked(G g) {
        adoptInjectedLocked(); // a read when nothing was injected
        appendLocked(g);
    }

    private void appendLocked(G g) {
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

    /** The head G, or null when empty. Injected Gs are not looked at: adopt them first. */
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

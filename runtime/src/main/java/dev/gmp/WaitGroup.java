package dev.gmp;

import dev.gmp.chan.WaitGroupState;

/**
 * Go's sync.WaitGroup: waits for a collection of tasks to finish.
 *
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * for (Task t : tasks) {
 *     wg.add(1);
 *     Gmp.go(() -> { try { t.run(); } finally { wg.done(); } });
 * }
 * wg.await();
 * }</pre>
 *
 * A G waiting here parks (wait reason "sync.WaitGroup.Wait") and counts for deadlock detection.
 * Waiting is not interruptible, as in Go.
 */
public final class WaitGroup {
    private final WaitGroupState state = new WaitGroupState();

    /**
     * Adds {@code delta}, which may be negative, to the counter; when it reaches zero every
     * waiter is released.
     *
     * @throws IllegalStateException when the counter would become negative (it is left unchanged)
     */
    public void add(int delta) {
        state.add(delta);
    }

    /**
     * Decrements the counter by one.
     *
     * @throws IllegalStateException when the counter is already zero
     */
    public void done() {
        state.add(-1);
    }

    /** Waits until the counter is zero; returns at once when it is. */
    public void await() {
        state.await();
    }

    /** The counter now. */
    public long count() {
        return state.count();
    }
}

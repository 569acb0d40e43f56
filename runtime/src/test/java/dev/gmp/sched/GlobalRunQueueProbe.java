package dev.gmp.sched;

/**
 * The package-private global run queue, opened for the jcstress tests (which must live in their own
 * package). The caller of {@link #poll} plays the holder of the scheduler lock: one at a time.
 */
public final class GlobalRunQueueProbe {
    private final GlobalRunQueue queue;

    public GlobalRunQueueProbe(int chunkSize) {
        queue = new GlobalRunQueue(chunkSize);
    }

    public void put(G g) {
        queue.put(g);
    }

    public G poll() {
        return queue.pollLocked();
    }

    public boolean mayHaveWork() {
        return queue.mayHaveWork();
    }
}

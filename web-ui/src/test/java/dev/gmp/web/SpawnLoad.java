package dev.gmp.web;

import dev.gmp.Gmp;
import java.time.Duration;

/**
 * Load that fills run queues: one spawner goroutine starts short CPU-bound goroutines as fast
 * as it can (they land in its P's local queue, other Ps steal them), capped so memory stays small.
 */
final class SpawnLoad implements AutoCloseable {
    private static final int MAX_LIVE = 20_000;

    private volatile boolean stopped;
    private final Thread spawner;

    SpawnLoad() {
        spawner = Gmp.go(() -> {
            while (!stopped) {
                if (Gmp.numGoroutine() < MAX_LIVE) {
                    Gmp.go(SpawnLoad::work);
                } else {
                    Gmp.gosched();
                }
            }
        });
    }

    /** About 20 µs of CPU: long enough that queues build up, short enough to drain quickly. */
    private static void work() {
        long end = System.nanoTime() + 20_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            spawner.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Await.until("the load's goroutines finish", Duration.ofSeconds(60), () -> Gmp.numGoroutine() <= 2);
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A virtual thread started from the calling platform thread, timed from the start call to its first
 * statement: how long work readied from outside the scheduler waits beside whatever keeps the
 * processors busy. Used by one thread, the one that started it.
 */
final class Newcomer {
    private final CountDownLatch ran = new CountDownLatch(1);
    /** Written by the newcomer before it counts {@link #ran} down; read after awaiting it. */
    private long ranAt;
    private long startedAt;
    private Thread thread;

    private Newcomer() {}

    /** Starts a newcomer on {@code side} now. */
    static Newcomer start(Scheduler side) {
        Newcomer newcomer = new Newcomer();
        Runnable firstStatement = () -> {
            newcomer.ranAt = System.nanoTime();
            newcomer.ran.countDown();
        }; // made before the clock starts: linking a lambda the first time takes milliseconds
        newcomer.startedAt = System.nanoTime();
        newcomer.thread = side.start(firstStatement);
        return newcomer;
    }

    /** Milliseconds from the start call to the first statement, or +infinity if it has not run within {@code boundMillis}. */
    double millisUntilRun(long boundMillis) throws InterruptedException {
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
        boolean ranInTime = ran.await(Math.max(0, boundMillis - waited), TimeUnit.MILLISECONDS);
        return ranInTime ? (ranAt - startedAt) / 1e6 : Double.POSITIVE_INFINITY;
    }

    /** Waits for the newcomer to end; whatever starved it must have stopped first. */
    void join() throws InterruptedException {
        thread.join();
    }
}

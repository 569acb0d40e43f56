package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import dev.gmp.sched.WaitReason;

/** Test helper: starts Gs that record their first failure, and joins them with a hang guard. */
final class Goroutines {
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Starts {@code body} as a G. */
    Thread go(ThrowingRunnable body) {
        Thread t = Gmp.go(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        });
        threads.add(t);
        return t;
    }

    /** Waits until every G started here that is still alive is parked in a gmp primitive. */
    void awaitParked() throws InterruptedException {
        for (Thread t : threads) {
            awaitParked(t);
        }
    }

    /**
     * Waits until {@code t} has ended or is parked with a gmp wait reason as its blocker (a
     * channel, select or WaitGroup wait), failing after 30 s.
     */
    static void awaitParked(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (t.isAlive() && !(t.getState() == Thread.State.WAITING && LockSupport.getBlocker(t) instanceof WaitReason)) {
            if (System.nanoTime() > deadline) {
                fail(t + " did not park in a gmp primitive; state " + t.getState() + "\n" + Gmp.goroutineDump());
            }
            Thread.sleep(1);
        }
    }

    /** Joins every G started here, failing on the first failure or when one is still alive after {@code limit}. */
    void joinAll(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
            if (t.isAlive()) {
                fail("a goroutine is still running after " + limit + "\n" + Gmp.goroutineDump());
            }
        }
        Throwable e = failure.get();
        if (e != null) {
            throw new AssertionError("a goroutine failed", e);
        }
        assertFalse(threads.stream().anyMatch(Thread::isAlive));
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}

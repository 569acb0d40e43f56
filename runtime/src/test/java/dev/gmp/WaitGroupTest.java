package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's sync.WaitGroup semantics. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaitGroupTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void awaitReturnsOnceEveryTaskIsDone() throws Exception {
        WaitGroup wg = new WaitGroup();
        AtomicInteger finished = new AtomicInteger();
        int tasks = 1_000;
        for (int i = 0; i < tasks; i++) {
            wg.add(1);
            Gmp.go(() -> {
                finished.incrementAndGet();
                wg.done();
            });
        }
        wg.await(); // from this platform thread
        assertEquals(tasks, finished.get());
        assertEquals(0, wg.count());
    }

    @Test
    void awaitAtZeroReturnsAtOnce() {
        WaitGroup wg = new WaitGroup();
        wg.await();
        wg.add(2);
        wg.add(-2);
        wg.await();
    }

    @Test
    void reachingZeroReleasesEveryWaiter() throws Exception {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        AtomicInteger released = new AtomicInteger();
        Goroutines gs = new Goroutines();
        for (int i = 0; i < 50; i++) {
            gs.go(() -> {
                wg.await();
                released.incrementAndGet();
            });
        }
        gs.awaitParked();
        assertEquals(0, released.get(), "a waiter returned while the counter was 1");
        wg.done();
        gs.joinAll(LIMIT);
        assertEquals(50, released.get());
    }

    @Test
    void aNegativeCounterThrowsAndLeavesTheCounterUnchanged() {
        WaitGroup wg = new WaitGroup();
        IllegalStateException e = assertThrows(IllegalStateException.class, wg::done);
        assertTrue(e.getMessage().contains("negative WaitGroup counter"), e.getMessage());
        wg.add(2);
        assertThrows(IllegalStateException.class, () -> wg.add(-3));
        assertEquals(2, wg.count());
    }

    @Test
    void aWaitGroupCanBeReusedAfterReachingZero() throws Exception {
        WaitGroup wg = new WaitGroup();
        for (int round = 0; round < 20; round++) {
            AtomicInteger finished = new AtomicInteger();
            wg.add(10);
            for (int i = 0; i < 10; i++) {
                Gmp.go(() -> {
                    finished.incrementAndGet();
                    wg.done();
                });
            }
            Thread waiter = Gmp.go(wg::await); // a G waits too
            wg.await();
            waiter.join(LIMIT);
            assertFalse(waiter.isAlive());
            assertEquals(10, finished.get());
        }
    }
}

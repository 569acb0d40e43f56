package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/** {@code Totals.parks} (gmp_parks_total) counts slices that ended blocked, and nothing else. */
class ParkCountTest {

    @Test
    void yieldsAreNotParks() throws Exception {
        long before = Gmp.snapshot().totals().parks();
        Thread yielder = Gmp.go(() -> {
            for (int i = 0; i < 2_000; i++) {
                Thread.yield();
            }
        });
        assertTrue(yielder.join(Duration.ofSeconds(10)));
        long parks = Gmp.snapshot().totals().parks() - before;
        assertTrue(parks < 200, parks + " parks counted for 2000 Thread.yield() calls");
    }

    static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void everyParkOfAPingPongIsCounted() throws Exception {
        int rounds = 500;
        long before = Gmp.snapshot().totals().parks();
        AtomicInteger turn = new AtomicInteger();
        Thread[] pair = new Thread[2];
        CountDownLatch bothKnown = new CountDownLatch(1);
        for (int i = 0; i < 2; i++) {
            int me = i;
            pair[i] = Gmp.go(() -> {
                awaitUninterruptibly(bothKnown); // else an unpark of the partner could find null
                for (int r = 0; r < rounds; r++) {
                    while (turn.get() != me) {
                        LockSupport.park();
                    }
                    turn.set(1 - me);
                    LockSupport.unpark(pair[1 - me]);
                }
            });
        }
        bothKnown.countDown();
        for (Thread t : pair) {
            assertTrue(t.join(Duration.ofSeconds(20)));
        }
        long parks = Gmp.snapshot().totals().parks() - before;
        // Each round hands the turn over once; the waiting side parks for nearly every handover.
        assertTrue(parks >= rounds, parks + " parks counted for " + 2 * rounds + " handovers");
        assertTrue(parks <= 2L * rounds + 50, parks + " parks counted for " + 2 * rounds + " handovers");
    }
}

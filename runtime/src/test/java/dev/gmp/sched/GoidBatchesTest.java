package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Goids come from per-P batches of the shared counter (Go's goidcache): unique, never reused. */
class GoidBatchesTest {
    @Test
    void aPHandsOutConsecutiveGoidsFromOneBatchBeforeTakingTheNext() {
        AtomicLong goidgen = new AtomicLong();
        P p0 = new P(0, 4), p1 = new P(1, 4);
        assertEquals(1, p0.nextGoid(goidgen));
        assertEquals(P.GOID_BATCH + 1, p1.nextGoid(goidgen));
        for (long expected = 2; expected <= P.GOID_BATCH; expected++) {
            assertEquals(expected, p0.nextGoid(goidgen));
        }
        assertEquals(2 * P.GOID_BATCH + 1, p0.nextGoid(goidgen), "an exhausted batch is followed by a fresh one");
        assertEquals(3 * P.GOID_BATCH, goidgen.get());
    }

    @Test
    void goroutinesSpawnedOnManyPsAtOnceGetDistinctGoids() throws Exception {
        Sched sched = Sched.get();
        Set<Long> goids = ConcurrentHashMap.newKeySet();
        int spawners = 8, each = 500;
        Thread[] threads = new Thread[spawners];
        for (int s = 0; s < spawners; s++) {
            threads[s] = Gmp.go(() -> {
                for (int i = 0; i < each; i++) {
                    assertTrue(goids.add(sched.newG().goid), "a goid was handed out twice");
                }
            });
        }
        Set<Long> fromPlatformThread = new HashSet<>();
        for (int i = 0; i < each; i++) {
            fromPlatformThread.add(sched.newG().goid);
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(spawners * each, goids.size());
        fromPlatformThread.retainAll(goids);
        assertEquals(Set.of(), fromPlatformThread, "goids off the Ps collide with the Ps' batches");
    }
}

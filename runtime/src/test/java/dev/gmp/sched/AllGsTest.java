package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AllGsTest {
    /** Goids this far apart share a stripe: 64 stripes of one goid batch each. */
    private static final long STRIDE = 64L * P.GOID_BATCH;

    private static Set<Long> goids(AllGs all) {
        Set<Long> ids = new HashSet<>();
        for (G g : all.snapshot()) assertTrue(ids.add(g.goid), "listed twice: " + g.goid);
        return ids;
    }

    @Test
    void listsExactlyTheRegisteredGs() {
        AllGs all = new AllGs();
        List<G> gs = new ArrayList<>();
        for (long id = 1; id <= 300; id++) {
            G g = DetachedGs.of(id);
            gs.add(g);
            all.add(g);
        }
        for (G g : gs) if (g.goid % 3 == 0) all.remove(g);
        Set<Long> ids = goids(all);
        assertEquals(200, ids.size());
        for (G g : gs) assertEquals(g.goid % 3 != 0, ids.contains(g.goid));
    }

    @Test
    void removingTwiceOrUnregisteredIsHarmless() {
        AllGs all = new AllGs();
        G a = DetachedGs.of(1), b = DetachedGs.of(1 + STRIDE), stranger = DetachedGs.of(1 + 2 * STRIDE); // same stripe
        all.add(a);
        all.add(b);
        all.remove(b);
        all.remove(b);
        all.remove(stranger);
        assertEquals(Set.of(1L), goids(all));
    }

    @Test
    void concurrentAddsAndRemovesKeepTheListConsistent() throws Exception {
        AllGs all = new AllGs();
        int threads = 4, perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> ts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            ts.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 1; i <= perThread; i++) {
                    G g = DetachedGs.of(base + i);
                    all.add(g);
                    if (i % 2 == 0) all.remove(g); // keep the odd ones
                }
            }));
        }
        start.countDown();
        for (Thread t : ts) t.join();
        Set<Long> ids = goids(all);
        assertEquals(threads * perThread / 2, ids.size());
        assertTrue(ids.stream().allMatch(id -> (id % perThread) % 2 == 1 || perThread % 2 == 1));
    }

    @Test
    void aStripeShrinksWhenMostOfItsGsAreGoneAndKeepsTheRest() {
        AllGs all = new AllGs();
        List<G> gs = new ArrayList<>();
        for (long id = STRIDE; id <= STRIDE * 4096; id += STRIDE) { // all in stripe 0
            G g = DetachedGs.of(id);
            gs.add(g);
            all.add(g);
        }
        int grown = all.slotsOfStripe(0);
        assertTrue(grown >= 4096, "a stripe holds every G added to it: " + grown);
        Set<Long> kept = new HashSet<>();
        for (G g : gs) {
            if (g.goid % (STRIDE * 100) == 0) kept.add(g.goid);
            else all.remove(g);
        }
        assertTrue(all.slotsOfStripe(0) < 1024, "shrunk below the size stripes shrink from: " + all.slotsOfStripe(0));
        assertEquals(kept, goids(all));
        for (G g : gs) assertEquals(kept.contains(g.goid), all.find(g.goid) == g, "find " + g.goid);
        for (G g : gs) all.remove(g); // the survivors' renumbered slots still lead back to them
        assertEquals(Set.of(), goids(all));
    }

    @Test
    void freedSlotsAreReusedSoAChurningStripeStaysSmall() {
        AllGs all = new AllGs();
        for (long id = STRIDE; id <= STRIDE * 100_000; id += STRIDE) {
            G g = DetachedGs.of(id);
            all.add(g);
            all.remove(g);
        }
        assertEquals(16, all.slotsOfStripe(0));
        assertEquals(Set.of(), goids(all));
    }

    @Test
    void aGoidBatchSharesOneStripeAndTheNextBatchesMoveOn() {
        AllGs all = new AllGs();
        for (long id = 0; id < P.GOID_BATCH; id++) all.add(DetachedGs.of(id)); // one P's batch
        assertEquals(P.GOID_BATCH, all.liveInStripe(0), "a batch in one stripe");
        assertEquals(0, all.liveInStripe(P.GOID_BATCH), "the next stripe untouched");
        for (long id = P.GOID_BATCH; id < 64L * P.GOID_BATCH; id++) all.add(DetachedGs.of(id));
        for (long batch = 0; batch < 64; batch++) {
            assertEquals(P.GOID_BATCH, all.liveInStripe(batch * P.GOID_BATCH), "batch " + batch + " has a stripe of its own");
        }
        assertEquals(64 * P.GOID_BATCH, goids(all).size());
    }

    @Test
    void systemGsAreCountedWhileRegistered() {
        AllGs all = new AllGs();
        G sys = DetachedGs.system(7), plain = DetachedGs.of(8);
        all.add(sys);
        all.add(plain);
        assertEquals(1, all.systemGs());
        all.remove(sys);
        all.remove(sys);
        assertEquals(0, all.systemGs());
    }
}

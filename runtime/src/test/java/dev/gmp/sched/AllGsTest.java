package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class AllGsTest {

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
        G a = DetachedGs.of(1), b = DetachedGs.of(65), stranger = DetachedGs.of(129); // same stripe
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
}

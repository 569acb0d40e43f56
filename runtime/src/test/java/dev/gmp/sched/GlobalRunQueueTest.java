package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The global run queue: a FIFO linked through the Gs themselves (callers hold the scheduler lock). */
class GlobalRunQueueTest {
    private static G g(long goid) {
        return DetachedGs.of(goid);
    }

    @Test
    void gsComeOutInTheOrderTheyWentIn() {
        GlobalRunQueue q = new GlobalRunQueue();
        G a = g(1), b = g(2), c = g(3);
        q.putLocked(a);
        q.putLocked(b);
        q.putLocked(c);
        assertEquals(3, q.size());
        assertSame(a, q.pollLocked());
        assertSame(b, q.pollLocked());
        assertSame(c, q.pollLocked());
        assertNull(q.pollLocked());
        assertTrue(q.isEmptyLocked());
        assertEquals(0, q.size());
    }

    @Test
    void aGPutAtTheHeadRunsFirstAndAPolledGCanBeQueuedAgain() {
        GlobalRunQueue q = new GlobalRunQueue();
        G a = g(1), b = g(2);
        q.putLocked(a);
        q.putHeadLocked(b);
        assertSame(b, q.pollLocked());
        q.putLocked(b);
        assertSame(a, q.pollLocked());
        assertSame(b, q.pollLocked());
    }

    @Test
    void aGAlreadyQueuedIsNotQueuedAgainAndRunsOnce() {
        // The JDK may submit a virtual thread twice (a stack walk's resubmission); its one place serves both.
        GlobalRunQueue q = new GlobalRunQueue();
        G a = g(1), b = g(2);
        q.putLocked(a);
        q.putLocked(b);
        q.putLocked(a);
        q.putLocked(b);
        q.putHeadLocked(a);
        assertEquals(2, q.size());
        assertSame(a, q.pollLocked());
        assertSame(b, q.pollLocked());
        assertNull(q.pollLocked());
    }

    @Test
    void injectedGsAreWorkAtOnceAndMoveInOldestFirstBehindTheQueuedOnes() {
        GlobalRunQueue q = new GlobalRunQueue();
        G queued = g(1), a = g(2), b = g(3), c = g(4);
        q.putLocked(queued);
        assertTrue(q.inject(a));
        assertTrue(q.inject(b));
        assertTrue(q.inject(c));
        assertTrue(q.hasInjected());
        assertEquals(4, q.size(), "injected Gs count as queued before they move in");
        q.adoptInjectedLocked();
        assertFalse(q.hasInjected());
        assertEquals(4, q.size());
        assertSame(queued, q.pollLocked());
        assertSame(a, q.pollLocked());
        assertSame(b, q.pollLocked());
        assertSame(c, q.pollLocked());
        assertTrue(q.isEmptyLocked());
    }

    @Test
    void aGInjectedTwiceOrInjectedWhileQueuedIsQueuedOnce() {
        GlobalRunQueue q = new GlobalRunQueue();
        G a = g(1), b = g(2);
        q.putLocked(a);
        assertTrue(q.inject(a));
        assertTrue(q.inject(b));
        assertFalse(q.inject(b), "a G on the injection stack is not pushed again");
        q.adoptInjectedLocked();
        assertEquals(2, q.size());
        assertSame(a, q.pollLocked());
        assertSame(b, q.pollLocked());
        assertNull(q.pollLocked());
        assertTrue(q.inject(b), "once moved in, a G may be injected again");
    }

    @Test
    void concurrentInjectorsLoseNoG() throws Exception {
        GlobalRunQueue q = new GlobalRunQueue();
        int threads = 4, perThread = 50_000;
        G[][] gs = new G[threads][perThread];
        Thread[] injectors = new Thread[threads];
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                gs[t][i] = g((long) t * perThread + i);
            }
            G[] mine = gs[t];
            injectors[t] = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                for (G x : mine) {
                    q.inject(x);
                    q.inject(x); // the duplicate submission
                }
            });
        }
        go.countDown();
        long[] lastSeen = new long[threads];
        java.util.Arrays.fill(lastSeen, -1);
        java.util.BitSet seen = new java.util.BitSet();
        boolean running = true;
        while (running || q.hasInjected() || !q.isEmptyLocked()) { // the single adopter plays the lock holder
            running = false;
            for (Thread t : injectors) running |= t.isAlive();
            q.adoptInjectedLocked();
            for (G x; (x = q.pollLocked()) != null; ) {
                int t = (int) (x.goid / perThread);
                // >=: the duplicate may be injected again once the first was moved in
                assertTrue(x.goid >= lastSeen[t], "one injector's Gs came out of order: " + x.goid + " after " + lastSeen[t]);
                lastSeen[t] = x.goid;
                seen.set((int) x.goid);
            }
        }
        assertEquals(threads * perThread, seen.cardinality(), "every injected G came out");
    }
}

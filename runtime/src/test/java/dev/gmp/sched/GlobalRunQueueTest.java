package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The global run queue: a chunked array any thread puts into without a lock, drained in order by
 * the scheduler lock's holder (the tests play that one consumer).
 */
class GlobalRunQueueTest {
    private static G g(long goid) {
        return DetachedGs.of(goid);
    }

    @Test
    void gsComeOutInTheOrderTheyWentIn() {
        GlobalRunQueue q = new GlobalRunQueue();
        G a = g(1), b = g(2), c = g(3);
        assertTrue(q.isEmptyLocked());
        q.put(a);
        q.put(b);
        q.put(c);
        assertEquals(3, q.size());
        assertFalse(q.isEmptyLocked());
        assertSame(a, q.pollLocked());
        assertSame(b, q.pollLocked());
        assertSame(c, q.pollLocked());
        assertNull(q.pollLocked());
        assertTrue(q.isEmptyLocked());
        assertEquals(0, q.size());
    }

    @Test
    void orderAndCountHoldAcrossManyChunksAndTakenGsAreNotKept() {
        GlobalRunQueue q = new GlobalRunQueue(4);
        int n = 4 * 7 + 3;
        G[] gs = new G[n];
        for (int round = 0; round < 3; round++) { // refill after draining: chunks keep being linked
            for (int i = 0; i < n; i++) {
                q.put(gs[i] = g(i));
                assertEquals(i + 1, q.size());
            }
            for (int i = 0; i < n; i++) {
                assertTrue(q.mayHaveWork());
                assertSame(gs[i], q.pollLocked(), "round " + round + ", G " + i);
                assertEquals(n - i - 1, q.size());
            }
            assertNull(q.pollLocked());
            assertFalse(q.mayHaveWork());
            assertTrue(Arrays.stream(q.consumerChunk.slots).allMatch(x -> x == null), "a taken G stays referenced");
        }
    }

    @Test
    void aGPutTwiceComesOutTwice() {
        // The JDK may submit a virtual thread twice (a stack walk's resubmission); running a G whose
        // thread is not runnable returns at once, so both entries stay and nothing is deduplicated.
        GlobalRunQueue q = new GlobalRunQueue();
        G a = g(1), b = g(2);
        q.put(a);
        q.put(b);
        q.put(a);
        assertEquals(3, q.size());
        assertSame(a, q.pollLocked());
        assertSame(b, q.pollLocked());
        assertSame(a, q.pollLocked());
        assertNull(q.pollLocked());
    }

    @Test
    void aNullGIsRefusedWithAClearError() {
        GlobalRunQueue q = new GlobalRunQueue();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.put(null));
        assertTrue(e.getMessage().contains("null G"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GlobalRunQueue(0));
        assertEquals(0, q.size());
    }

    @Test
    void aClaimedSlotNotYetFilledReadsAsEmptyAndTheGsBehindItWait() {
        // A producer descheduled between its claim and its store: the consumer must not skip the
        // slot (FIFO) nor wait for it (it holds the scheduler lock). The producer wakes a P after
        // its store; until then the queue counts the claim but shows no G.
        GlobalRunQueue q = new GlobalRunQueue(2);
        q.producerIndex = 1; // a claim on slot 0 whose store has not happened yet
        G late = g(1), behind = g(2), next = g(3);
        q.put(behind);
        q.put(next); // in the second chunk
        assertEquals(3, q.size(), "claims count");
        assertTrue(q.isEmptyLocked());
        assertNull(q.pollLocked());
        assertFalse(q.mayHaveWork(), "an idling M may sleep: the late producer's store wakes a P");
        q.consumerChunk.slots[0] = late; // the store
        assertTrue(q.mayHaveWork());
        assertSame(late, q.pollLocked());
        assertSame(behind, q.pollLocked());
        assertSame(next, q.pollLocked());
        assertTrue(q.isEmptyLocked());
    }

    @Test
    void aBatchGoesToTheRingInOrderAcrossChunksUpToItsMaximum() {
        GlobalRunQueue q = new GlobalRunQueue(3);
        RunQueue ring = new RunQueue(16);
        G[] gs = new G[10];
        for (int i = 0; i < gs.length; i++) {
            q.put(gs[i] = g(i));
        }
        assertSame(gs[0], q.pollIntoLocked(ring, 7), "the first is returned to run");
        assertEquals(6, ring.size(), "six more, over two chunk boundaries, go to the ring");
        for (int i = 1; i <= 6; i++) {
            assertSame(gs[i], ring.poll());
        }
        assertEquals(3, q.size());
        assertSame(gs[7], q.pollIntoLocked(ring, 100));
        assertSame(gs[8], ring.poll());
        assertSame(gs[9], ring.poll());
        assertNull(ring.poll());
        assertTrue(q.isEmptyLocked());
        assertNull(q.pollIntoLocked(ring, 5));
        assertTrue(Arrays.stream(q.consumerChunk.slots).allMatch(x -> x == null), "a taken G stays referenced");
    }

    @Test
    void aBatchStopsAtASlotClaimedButNotYetFilled() {
        GlobalRunQueue q = new GlobalRunQueue(4);
        G a = g(1), b = g(2), late = g(3), c = g(4);
        q.put(a);
        q.put(b);
        q.producerIndex = 3; // slot 2 claimed, its store not made yet
        q.put(c);
        RunQueue ring = new RunQueue(8);
        assertSame(a, q.pollIntoLocked(ring, 4));
        assertEquals(1, ring.size(), "only b: FIFO waits for the late slot");
        assertSame(b, ring.poll());
        assertFalse(q.mayHaveWork());
        q.consumerChunk.slots[2] = late;
        assertSame(late, q.pollIntoLocked(ring, 4));
        assertSame(c, ring.poll());
    }

    @Test
    void aRingWithoutRoomForTheBatchIsABrokenInvariant() {
        GlobalRunQueue q = new GlobalRunQueue();
        RunQueue ring = new RunQueue(2);
        for (int i = 0; i < 5; i++) {
            q.put(g(i));
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> q.pollIntoLocked(ring, 4));
        assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
    }

    @Test
    void aPutWhoseChunkCannotBeAllocatedLosesNothingAndRunsFirst() {
        // A full heap: the G goes on the overflow stack, which allocates nothing, and is taken first.
        GlobalRunQueue q = new GlobalRunQueue(2);
        G a = g(1), b = g(2), c = g(3), d = g(4);
        q.put(a);
        q.put(b);
        q.chunkAllocationsToFail = 2;
        q.put(c); // the first chunk is full and the next cannot be made
        q.put(c); // a second submission while it waits: one place serves both
        assertEquals(3, q.size());
        assertTrue(q.mayHaveWork());
        q.put(d); // the heap has room again
        assertEquals(4, q.size());
        RunQueue ring = new RunQueue(8);
        assertSame(c, q.pollIntoLocked(ring, 8), "the overflowed G first: it may have waited longest");
        assertEquals(0, ring.size());
        assertSame(a, q.pollIntoLocked(ring, 8));
        assertSame(b, ring.poll());
        assertSame(d, ring.poll());
        assertTrue(q.isEmptyLocked());
        assertEquals(0, q.size());
        q.chunkAllocationsToFail = 1;
        q.put(c);
        assertSame(c, q.pollLocked(), "taken off the overflow, a G may overflow again");
    }

    @Test
    void aBatchPutKeepsItsOrderAcrossChunksBehindWhatWasQueued() {
        GlobalRunQueue q = new GlobalRunQueue(3);
        G first = g(0);
        q.put(first);
        G[] batch = new G[8];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = g(i + 1);
        }
        q.putAll(batch, 7); // the eighth is not part of it
        G after = g(9);
        q.put(after);
        assertEquals(9, q.size());
        assertSame(first, q.pollLocked());
        for (int i = 0; i < 7; i++) {
            assertSame(batch[i], q.pollLocked(), "batch G " + i);
        }
        assertSame(after, q.pollLocked());
        assertTrue(q.isEmptyLocked());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.putAll(new G[2], 2));
        assertTrue(e.getMessage().contains("null G at 0"), e.getMessage());
    }

    @Test
    void aBatchWhoseChunksCannotBeAllocatedOverflowsWhole() {
        GlobalRunQueue q = new GlobalRunQueue(2);
        G[] batch = {g(1), g(2), g(3), g(4), g(5)};
        q.chunkAllocationsToFail = 1;
        q.putAll(batch, batch.length);
        assertEquals(5, q.size(), "every G queued, none lost");
        java.util.Set<G> out = new java.util.HashSet<>();
        for (G x; (x = q.pollLocked()) != null; ) {
            out.add(x);
        }
        assertEquals(java.util.Set.of(batch), out);
        assertEquals(0, q.size());
    }

    @Test
    void concurrentProducersLoseNoGAndKeepEachOnesOrderWhileTheConsumerDrains() throws Exception {
        for (int chunk : new int[] {1, 3, GlobalRunQueue.DEFAULT_CHUNK}) {
            GlobalRunQueue q = new GlobalRunQueue(chunk);
            int threads = 4, perThread = 40_000;
            Thread[] producers = new Thread[threads];
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                G[] mine = new G[perThread];
                for (int i = 0; i < perThread; i++) {
                    mine[i] = g((long) t * perThread + i);
                }
                long seed = t;
                producers[t] = Thread.ofPlatform().start(() -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    awaitQuietly(go);
                    G[] batch = new G[16];
                    for (int i = 0; i < mine.length; ) {
                        if (random.nextInt(16) == 0) { // a P's overflowing half ring: one claim, in order
                            int n = Math.min(1 + random.nextInt(batch.length), mine.length - i);
                            System.arraycopy(mine, i, batch, 0, n);
                            q.putAll(batch, n);
                            i += n;
                            continue;
                        }
                        G x = mine[i++];
                        q.put(x);
                        if (random.nextInt(8) == 0) {
                            q.put(x); // a second submission of the same thread
                        }
                        if (random.nextInt(64) == 0) {
                            Thread.yield(); // interleave differently
                        }
                    }
                });
            }
            go.countDown();
            if (chunk == 3) {
                q.chunkAllocationsToFail = 500; // some Gs take the overflow path: order is not checked then
            }
            long[] lastSeen = new long[threads];
            Arrays.fill(lastSeen, -1);
            BitSet seen = new BitSet();
            RunQueue ring = new RunQueue(64);
            SplittableRandom batches = new SplittableRandom(chunk);
            boolean running = true;
            while (running || !q.isEmptyLocked()) {
                running = false;
                for (Thread t : producers) running |= t.isAlive();
                // The consumer takes random batches into a ring, as globrunqget does, and runs them in order.
                for (G x; (x = q.pollIntoLocked(ring, 1 + batches.nextInt(ring.capacity()))) != null; ) {
                    for (G y = x; y != null; y = ring.poll()) {
                        int t = (int) (y.goid / perThread);
                        // >=: a duplicate comes right after its first entry or later, never before
                        assertTrue(chunk == 3 || y.goid >= lastSeen[t], "chunk " + chunk + ": one producer's Gs came out of order: " + y.goid + " after " + lastSeen[t]);
                        lastSeen[t] = y.goid;
                        seen.set((int) y.goid);
                    }
                }
            }
            assertEquals(threads * perThread, seen.cardinality(), "chunk " + chunk + ": every G came out");
            assertEquals(0, q.size());
        }
    }

    @Test
    void anIdleCheckRacingTheConsumerNeverMissesGsStillQueued() throws Exception {
        // mayHaveWork runs without the lock while a consumer drains: a slot it finds cleared by a
        // take must not read as an empty queue while Gs remain behind it.
        GlobalRunQueue q = new GlobalRunQueue(2);
        int n = 200_000;
        for (int i = 0; i < n; i++) {
            q.put(g(i));
        }
        AtomicBoolean done = new AtomicBoolean();
        Thread consumer = Thread.ofPlatform().start(() -> {
            while (q.pollLocked() != null) {
                Thread.onSpinWait();
            }
            done.set(true);
        });
        int falseEmpties = 0;
        while (!done.get()) {
            if (!q.mayHaveWork() && !done.get() && q.size() > 1) {
                falseEmpties++; // q.size() > 1 read after: at least one G was queued throughout
            }
        }
        consumer.join();
        assertEquals(0, falseEmpties, "mayHaveWork said empty while Gs were queued");
        assertEquals(0, q.size());
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}

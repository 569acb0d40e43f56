package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RunQueueTest {

    private static G g(long id) {
        return DetachedGs.of(id);
    }

    @Test
    void ringIsFifo() {
        RunQueue q = new RunQueue(8);
        for (int i = 1; i <= 5; i++) assertNull(q.put(g(i), false));
        assertEquals(5, q.size());
        for (int i = 1; i <= 5; i++) assertEquals(i, q.get().goid);
        assertNull(q.get());
        assertTrue(q.isEmpty());
    }

    @Test
    void runnextRunsBeforeTheRingAndItsPredecessorGoesToTheTail() {
        RunQueue q = new RunQueue(8);
        q.put(g(1), false);
        q.put(g(2), true);
        q.put(g(3), true); // displaces 2 to the tail
        assertEquals(3, q.runnext().goid);
        assertEquals(3, q.takeRunnext().goid);
        assertNull(q.takeRunnext());
        assertEquals(1, q.poll().goid);
        assertEquals(2, q.get().goid);
        assertNull(q.get());
    }

    @Test
    void fullRingRejectsAndOverflowTakesTheOlderHalf() {
        RunQueue q = new RunQueue(4);
        for (int i = 1; i <= 4; i++) assertNull(q.put(g(i), false));
        assertEquals(5, q.put(g(5), false).goid, "the G that still needs a home");
        G[] half = q.takeHalfForOverflow();
        assertNotNull(half);
        assertArrayEquals(new long[] {1, 2}, java.util.Arrays.stream(half).mapToLong(x -> x.goid).toArray());
        assertEquals(2, q.size());
        assertEquals(3, q.get().goid);
    }

    @Test
    void overflowRefusesWhenAConsumerMadeRoom() {
        RunQueue q = new RunQueue(4);
        for (int i = 1; i <= 4; i++) q.put(g(i), false);
        assertNotNull(q.put(g(5), false));
        q.get(); // a consumer took one meanwhile
        assertNull(q.takeHalfForOverflow());
    }

    @Test
    void stealTakesHalfRoundedUpAndReturnsTheLast() {
        RunQueue victim = new RunQueue(8);
        RunQueue thief = new RunQueue(8);
        for (int i = 1; i <= 5; i++) victim.put(g(i), false);
        RunQueue.Stolen got = thief.stealFrom(victim, false, null);
        assertEquals(3, got.count());
        assertFalse(got.tookRunnext());
        assertEquals(3, got.takeG().goid);
        assertEquals(2, thief.size());
        assertEquals(2, victim.size());
        assertEquals(1, thief.get().goid);
        assertEquals(2, thief.get().goid);
        assertEquals(4, victim.get().goid);
    }

    @Test
    void runnextIsStolenOnlyWhenAskedAndTheRingIsEmpty() {
        RunQueue victim = new RunQueue(8);
        RunQueue thief = new RunQueue(8);
        victim.put(g(7), true);
        assertNull(thief.stealFrom(victim, false, null));
        RunQueue.Stolen got = thief.stealFrom(victim, true, null);
        assertEquals(7, got.takeG().goid);
        assertEquals(1, got.count());
        assertTrue(got.tookRunnext());
        assertNull(victim.runnext());
        assertTrue(thief.isEmpty(), "the stolen runnext G is returned to run, not queued");
    }

    @Test
    void aStealAllocatesNothing() {
        // Once a steal has taken Gs from the victim they are in neither queue until the thief
        // publishes them: an OutOfMemoryError in between (an exhausted heap) would lose them.
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        RunQueue victim = new RunQueue(8);
        RunQueue thief = new RunQueue(8);
        G[] gs = {g(1), g(2), g(3), g(4), g(5)};
        long stolen = 0;
        long before = threads.getCurrentThreadAllocatedBytes();
        before = threads.getCurrentThreadAllocatedBytes(); // the first call may load what it needs
        for (int round = 0; round < 2_000; round++) {
            victim.put(gs[0], true); // runnext: the last steal of each round takes it
            for (int i = 1; i < gs.length; i++) {
                victim.put(gs[i], false);
            }
            RunQueue.Stolen got;
            while ((got = thief.stealFrom(victim, true, null)) != null) {
                stolen += got.count();
                while (thief.get() != null) {
                    // drained: the next steal starts from an empty thief
                }
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(2_000L * gs.length, stolen, "every G put was stolen");
        assertEquals(0, allocated, "bytes allocated by 2,000 rounds of steals");
    }

    /** A slot whose G was taken, moved or stolen holds no reference: a finished G must be collectable. */
    @Test
    void theRingHoldsNoGItNoLongerQueues() {
        RunQueue q = new RunQueue(8);
        for (int i = 1; i <= 5; i++) q.put(g(i), false);
        q.get();
        q.get();
        assertEquals(3, q.occupiedSlots(), "after two gets");
        for (int i = 6; i <= 10; i++) assertNull(q.put(g(i), false));
        assertNotNull(q.put(g(11), false), "full");
        G[] half = q.takeHalfForOverflow();
        assertNotNull(half);
        assertEquals(4, q.occupiedSlots(), "after half went to the global queue");
        q.overflowBatchQueued();
        assertEquals(0, q.overflowBatchHeld(), "the overflow batch once queued");

        RunQueue thief = new RunQueue(8);
        RunQueue.Stolen got = thief.stealFrom(q, false, null);
        assertEquals(2, got.count());
        assertNotNull(got.takeG());
        assertNull(got.takeG(), "the steal's holder lets go of its G");
        assertEquals(thief.size(), thief.occupiedSlots(), "the thief's ring holds only what it queues");
        while (q.get() != null) {
            // drain the victim: its stolen slots are the owner's to clear
        }
        q.clearIfEmpty();
        assertEquals(0, q.occupiedSlots(), "an empty ring, cleared before its P idles");

        thief.put(g(12), true);
        RunQueue second = new RunQueue(8);
        while (thief.get() != null) {
            // only runnext's G is left to steal below
        }
        thief.put(g(13), true);
        assertEquals(13, second.stealFrom(thief, true, null).takeG().goid);
        assertEquals(0, second.occupiedSlots(), "a stolen runnext G passes through no slot it stays in");
    }

    @Test
    void takeRunnextEmptiesTheSlotAndLeavesTheRing() {
        RunQueue q = new RunQueue(8);
        q.put(g(1), false);
        q.put(g(2), true);
        assertEquals(2, q.takeRunnext().goid);
        assertNull(q.runnext());
        assertNull(q.takeRunnext());
        assertEquals(1, q.get().goid);
    }

    @Test
    void drainEmptiesRunnextThenTheRing() {
        RunQueue q = new RunQueue(4);
        q.put(g(1), false);
        q.put(g(2), false);
        q.put(g(3), true);
        List<G> all = new java.util.ArrayList<>();
        for (G g; (g = q.drainOne()) != null; ) {
            all.add(g);
        }
        assertEquals(List.of(3L, 1L, 2L), all.stream().map(x -> x.goid).toList());
        assertTrue(q.isEmpty());
    }

    @Test
    void rejectsCapacitiesThatAreNotPowersOfTwo() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RunQueue(6));
        assertTrue(e.getMessage().contains("power of two"), e.getMessage());
    }

    /**
     * The owner puts (sometimes into runnext) and gets while two thieves steal (sometimes runnext),
     * on a tiny ring; overflow goes to a side list as runqputslow would. Every G is taken exactly once.
     */
    @Test
    void concurrentOwnerAndTwoThievesTakeEveryGExactlyOnce() throws Exception {
        for (int capacity : new int[] {4, 256}) {
            stress(capacity, 1_000_000);
        }
    }

    private static void stress(int capacity, int total) throws Exception {
        RunQueue owner = new RunQueue(capacity);
        AtomicIntegerArray taken = new AtomicIntegerArray(total + 1);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong stolen = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> thieves = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            int seed = t;
            thieves.add(Thread.ofPlatform().start(() -> {
                RunQueue mine = new RunQueue(capacity);
                await(start);
                int i = seed;
                while (!done.get() || !owner.isEmpty()) {
                    RunQueue.Stolen got = mine.stealFrom(owner, (i++ & 7) == 0, null);
                    if (got == null) {
                        Thread.onSpinWait();
                        continue;
                    }
                    stolen.addAndGet(got.count());
                    record(taken, got.takeG());
                    G more;
                    while ((more = mine.get()) != null) record(taken, more);
                }
            }));
        }
        start.countDown();
        List<G> overflow = new ArrayList<>();
        for (int id = 1; id <= total; id++) {
            G homeless = owner.put(DetachedGs.of(id), (id % 5) == 0);
            if (homeless != null) {
                G[] half = owner.takeHalfForOverflow();
                if (half != null) {
                    overflow.addAll(List.of(half));
                }
                overflow.add(homeless);
            }
            if ((id & 3) == 0) {
                G g = owner.get();
                if (g != null) record(taken, g);
            }
        }
        done.set(true);
        G g;
        while ((g = owner.get()) != null) record(taken, g);
        for (Thread t : thieves) t.join();
        for (G x : overflow) record(taken, x);
        for (int id = 1; id <= total; id++) {
            assertEquals(1, taken.get(id), "G " + id + " taken " + taken.get(id) + " times (capacity " + capacity + ")");
        }
        assertTrue(stolen.get() > 0, "thieves never stole anything");
    }

    private static void record(AtomicIntegerArray taken, G g) {
        taken.incrementAndGet((int) g.goid);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }
}

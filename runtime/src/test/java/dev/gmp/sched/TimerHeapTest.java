package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** One P's timer heap on its own: order, cancellation, moving, size, against a reference model. */
class TimerHeapTest {
    private static Timer timer(long when) {
        return new Timer(() -> {}, when, 0);
    }

    private static List<Long> pollAll(TimerHeap heap) {
        List<Long> out = new ArrayList<>();
        for (Timer t; (t = heap.pollDue(Long.MAX_VALUE - 1)) != null; ) {
            out.add(t.when);
        }
        return out;
    }

    @Test
    void dueTimersComeOutEarliestFirst() {
        TimerHeap heap = new TimerHeap(2);
        long[] deadlines = {50, 10, 40, 10, 30, 20, 60, 0};
        for (long w : deadlines) {
            heap.add(timer(w));
        }
        heap.checkInvariants();
        assertEquals(List.of(0L, 10L, 10L, 20L, 30L, 40L, 50L, 60L), pollAll(heap));
        assertEquals(0, heap.size());
    }

    @Test
    void nothingComesOutBeforeItsDeadline() {
        TimerHeap heap = new TimerHeap();
        Timer late = timer(100);
        heap.add(late);
        assertNull(heap.pollDue(99));
        assertSame(late, heap.pollDue(100));
    }

    @Test
    void theEarliestDeadlineIsPublishedAfterEveryChange() {
        TimerHeap heap = new TimerHeap();
        assertEquals(TimerHeap.NONE, heap.publishedNextWhen());
        heap.add(timer(30));
        heap.add(timer(20));
        assertEquals(20, heap.publishedNextWhen());
        heap.pollDue(25);
        assertEquals(30, heap.publishedNextWhen());
        heap.pollDue(30);
        assertEquals(TimerHeap.NONE, heap.publishedNextWhen());
    }

    @Test
    void aCancelledTimerNeverComesOutAndNeverRuns() {
        TimerHeap heap = new TimerHeap();
        AtomicInteger runs = new AtomicInteger();
        Timer cancelled = new Timer(runs::incrementAndGet, 10, 0);
        Timer kept = timer(20);
        heap.add(cancelled);
        heap.add(kept);
        assertTrue(cancelled.cancel(false));
        assertFalse(cancelled.fire());
        assertSame(kept, heap.pollDue(100));
        assertNull(heap.pollDue(100));
        assertEquals(0, runs.get());
        assertTrue(cancelled.isCancelled() && cancelled.isDone());
    }

    @Test
    void aTimerRunsOnceAndCannotBeCancelledAfterwards() {
        AtomicInteger runs = new AtomicInteger();
        Timer t = new Timer(runs::incrementAndGet, 0, 0);
        assertTrue(t.fire());
        assertFalse(t.fire());
        assertFalse(t.cancel(false));
        assertEquals(1, runs.get());
        assertTrue(t.isDone() && !t.isCancelled());
    }

    @Test
    void aPeriodicTimerCancelledDuringItsRunIsNotRearmed() {
        Timer[] self = new Timer[1];
        self[0] = new Timer(() -> assertFalse(self[0].cancel(false)), 0, 5);
        assertTrue(self[0].fire());
        assertFalse(self[0].isPending(), "a periodic timer stopped while running must stay stopped");
        assertTrue(self[0].isCancelled());
    }

    @Test
    void aHeapMostlyCancelledIsCompactedToItsLiveTimers() {
        TimerHeap heap = new TimerHeap();
        List<Timer> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Timer t = timer(1000 - i);
            all.add(t);
            heap.add(t);
        }
        for (int i = 0; i < 1000; i++) {
            if (i % 10 != 0) {
                all.get(i).cancel(false);
            }
        }
        heap.compactIfMostlyCancelled();
        assertEquals(100, heap.size());
        heap.checkInvariants();
        List<Long> left = pollAll(heap);
        assertEquals(100, left.size());
        assertEquals(left.stream().sorted().toList(), left);
    }

    @Test
    void drainingHandsOverEveryPendingTimerAndEmptiesTheHeap() {
        TimerHeap heap = new TimerHeap();
        Timer a = timer(1), b = timer(2), c = timer(3);
        heap.add(a);
        heap.add(b);
        heap.add(c);
        b.cancel(false);
        List<Timer> moved = new ArrayList<>();
        heap.drainPending(moved::add);
        assertEquals(0, heap.size());
        assertEquals(TimerHeap.NONE, heap.publishedNextWhen());
        assertEquals(2, moved.size());
        assertTrue(moved.contains(a) && moved.contains(c));
        TimerHeap other = new TimerHeap();
        moved.forEach(other::add); // a moved timer joins another heap
        assertEquals(List.of(1L, 3L), pollAll(other));
    }

    @Test
    void aTimerCannotBeAddedTwice() {
        TimerHeap heap = new TimerHeap();
        Timer t = timer(5);
        heap.add(t);
        assertThrows(IllegalStateException.class, () -> heap.add(t));
    }

    @Test
    void randomInterleavingsMatchAPriorityQueue() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            TimerHeap heap = new TimerHeap(1);
            PriorityQueue<Timer> model = new PriorityQueue<>(Comparator.comparingLong((Timer t) -> t.when));
            List<Timer> live = new ArrayList<>();
            long now = 0;
            for (int op = 0; op < 500; op++) {
                int choice = random.nextInt(10);
                if (choice < 5) {
                    Timer t = timer(now + random.nextInt(1000));
                    heap.add(t);
                    model.add(t);
                    live.add(t);
                } else if (choice < 7 && !live.isEmpty()) {
                    Timer t = live.remove(random.nextInt(live.size()));
                    t.cancel(false);
                    model.remove(t);
                } else if (choice < 8) {
                    heap.compactIfMostlyCancelled();
                } else {
                    now += random.nextInt(200);
                    Timer got;
                    while ((got = heap.pollDue(now)) != null) {
                        Timer expected = model.poll();
                        assertTrue(expected != null && expected.when == got.when,
                                "round " + round + ": heap gave " + got + ", model " + expected);
                        got.fire();
                        live.remove(got);
                    }
                    Timer head = model.peek();
                    assertTrue(head == null || head.when > now, "a due timer stayed in the heap: " + head);
                }
                heap.checkInvariants();
            }
        }
    }
}

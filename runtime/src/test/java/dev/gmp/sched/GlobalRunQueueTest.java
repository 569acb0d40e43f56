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
}

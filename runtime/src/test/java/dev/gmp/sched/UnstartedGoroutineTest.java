package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.jdk.VirtualThreads;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A virtual thread the agent gave a G but the application never started is not a goroutine yet:
 * it does not count as live, and it is collected like any unreferenced thread.
 */
class UnstartedGoroutineTest {

    /** What the agent's redirect does for {@code Thread.ofVirtual().unstarted(task)}. */
    private static Thread unstartedWithAG(Sched sched, Runnable task) {
        G g = sched.newG();
        Thread thread = VirtualThreads.newThread(g, task);
        sched.register(g, thread);
        return thread;
    }

    @Test
    void tenThousandUnstartedThreadsAreNotLiveAndAreCollected() throws Exception {
        Sched sched = Sched.get();
        long liveBefore = Gmp.numGoroutine();
        List<WeakReference<Thread>> refs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            refs.add(new WeakReference<>(unstartedWithAG(sched, () -> {})));
        }
        // At most: a goroutine of an earlier test may finish meanwhile; counting the unstarted would add 10,000.
        long liveAfter = Gmp.numGoroutine();
        assertTrue(liveAfter <= liveBefore, "unstarted threads counted as live goroutines: " + liveBefore + " -> " + liveAfter);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long alive;
        do {
            System.gc();
            Thread.sleep(20);
            alive = refs.stream().filter(r -> r.get() != null).count();
        } while (alive > 0 && System.nanoTime() < deadline);
        assertEquals(0, alive, "unstarted virtual threads retained by the scheduler");
    }

    @Test
    void startingOneMakesItLiveAndItRunsToTheEnd() throws Exception {
        Sched sched = Sched.get();
        long createdBefore = Gmp.snapshot().totals().created();
        Thread t = unstartedWithAG(sched, () -> {});
        assertEquals(createdBefore, Gmp.snapshot().totals().created());
        t.start();
        assertTrue(t.join(Duration.ofSeconds(10)));
        assertTrue(Gmp.snapshot().totals().created() > createdBefore);
    }
}

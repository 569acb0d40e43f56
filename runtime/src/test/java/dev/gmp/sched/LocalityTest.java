package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.jdk.VirtualThreads;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A G made runnable by a G running on a P goes to that P's runnext (Go's locality rule). */
class LocalityTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @BeforeEach
    void oneP() {
        Gmp.gomaxprocs(1); // no thief can take runnext before we look
    }

    private static P currentP() {
        return ((M) VirtualThreads.currentCarrierThread()).p;
    }

    @Test
    void aWokenGoroutineIsTheWakersRunnext() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        Thread sleeper = Gmp.go(() -> {
            sleeping.countDown();
            LockSupport.park();
        });
        assertTrue(sleeping.await(10, TimeUnit.SECONDS));
        while (sleeper.getState() != Thread.State.WAITING) Thread.sleep(1);
        AtomicReference<Thread> runnext = new AtomicReference<>();
        Thread waker = Gmp.go(() -> {
            LockSupport.unpark(sleeper);
            G next = currentP().runq.runnext();
            runnext.set(next == null ? null : next.thread());
        });
        assertTrue(waker.join(Duration.ofSeconds(10)));
        assertSame(sleeper, runnext.get());
        assertTrue(sleeper.join(Duration.ofSeconds(10)));
    }

    @Test
    void aNewGoroutineIsItsCreatorsRunnextAndTheDisplacedOneGoesToTheTail() throws Exception {
        AtomicReference<Thread> runnext = new AtomicReference<>();
        AtomicReference<Integer> ringSize = new AtomicReference<>();
        Thread[] children = new Thread[2];
        Thread parent = Gmp.go(() -> {
            children[0] = Gmp.go(() -> {});
            children[1] = Gmp.go(() -> {});
            P p = currentP();
            runnext.set(p.runq.runnext().thread());
            ringSize.set(p.runq.size());
        });
        assertTrue(parent.join(Duration.ofSeconds(10)));
        assertSame(children[1], runnext.get());
        assertEquals(1, ringSize.get(), "the first child moves from runnext to the ring");
    }

    /**
     * What gmp answers for the JDK's "does the carrier have queued work": its blocking queues park at
     * once instead of spinning when the G just woken waits behind the caller on the same P.
     */
    @Test
    void aGoroutineSeesQueuedWorkOnItsPExactlyWhileAnotherWaitsThere() throws Exception {
        boolean[] seen = new boolean[2];
        Gmp.go(() -> {
            seen[0] = Sched.carrierHasQueuedWork(); // alone on the only P
            Gmp.go(() -> {}); // into this P's runnext
            seen[1] = Sched.carrierHasQueuedWork();
        }).join();
        assertFalse(seen[0], "nothing waits on the P");
        assertTrue(seen[1], "the new G waits in runnext");
        assertFalse(Sched.carrierHasQueuedWork(), "a platform thread has no P");
    }
}

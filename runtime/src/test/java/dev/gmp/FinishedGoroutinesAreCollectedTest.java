package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.testsupport.RestoredAfterEach;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler keeps no finished goroutine alive. A goroutine's thread holds its task, and the task
 * whatever it captured (a request's buffers, say), so a reference left behind in a run queue's slot,
 * a steal's holder or an overflow batch keeps all of that from the garbage collector until the slot
 * is reused: with 256 slots per P, hundreds of dead goroutines' objects per P. The JDK's ForkJoinPool
 * clears its queue slots as it takes from them; so does gmp.
 */
class FinishedGoroutinesAreCollectedTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private static final int PAYLOAD_BYTES = 16 * 1024;

    @Test
    void goroutinesStartedFromAPlatformThreadAreCollectedOnceFinished() throws Exception {
        Gmp.gomaxprocs(2);
        List<WeakReference<byte[]>> payloads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(2_000);
        for (int i = 0; i < 2_000; i++) {
            byte[] payload = new byte[PAYLOAD_BYTES];
            payloads.add(new WeakReference<>(payload));
            Gmp.go(() -> {
                touch(payload);
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " goroutines never finished");
        assertEventuallyCollected(payloads);
    }

    /** Started from a goroutine, they go through its P's ring, and idle Ps steal them. */
    @Test
    void goroutinesStartedFromAGoroutineAreCollectedOnceFinished() throws Exception {
        Gmp.gomaxprocs(2);
        List<WeakReference<byte[]>> payloads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(2_000);
        CountDownLatch spawned = new CountDownLatch(1);
        Gmp.go(() -> {
            for (int i = 0; i < 2_000; i++) {
                byte[] payload = new byte[PAYLOAD_BYTES];
                payloads.add(new WeakReference<>(payload));
                boolean yields = (i & 1) == 0;
                Gmp.go(() -> {
                    touch(payload);
                    if (yields) {
                        Thread.yield(); // back to a ring, where another P may steal it
                    }
                    done.countDown();
                });
            }
            spawned.countDown();
        });
        assertTrue(spawned.await(30, TimeUnit.SECONDS));
        assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " goroutines never finished");
        assertEventuallyCollected(payloads);
    }

    /** More goroutines than a ring holds, started from one goroutine: half the ring overflows to the global queue again and again. */
    @Test
    void goroutinesThatOverflowedARingAreCollectedOnceFinished() throws Exception {
        Gmp.gomaxprocs(1);
        List<WeakReference<byte[]>> payloads = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(3_000);
        Thread spawner = Gmp.go(() -> {
            for (int i = 0; i < 3_000; i++) { // one P: none runs until the spawner parks
                byte[] payload = new byte[PAYLOAD_BYTES];
                payloads.add(new WeakReference<>(payload));
                Gmp.go(() -> {
                    touch(payload);
                    done.countDown();
                });
            }
        });
        assertTrue(spawner.join(Duration.ofSeconds(30)));
        spawner = null;
        assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " goroutines never finished");
        assertEventuallyCollected(payloads);
    }

    private static final AtomicInteger sink = new AtomicInteger();

    private static void touch(byte[] payload) {
        sink.addAndGet(payload.length);
    }

    /** Every payload's goroutine has finished and nothing else holds it: a few collections clear them all. */
    private static void assertEventuallyCollected(List<WeakReference<byte[]>> payloads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int alive;
        while (true) {
            System.gc();
            alive = (int) payloads.stream().filter(r -> r.get() != null).count();
            if (alive == 0 || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(0, alive, alive + " of " + payloads.size() + " finished goroutines' payloads are still reachable");
    }
}

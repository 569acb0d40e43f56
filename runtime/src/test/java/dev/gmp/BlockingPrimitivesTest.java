package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JDK's blocking primitives work inside goroutines, with one P and with several. */
class BlockingPrimitivesTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private static void runAll(int n, Runnable body) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Gmp.go(() -> {
                try {
                    body.run();
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), "goroutines still blocked: " + done.getCount());
    }

    /**
     * Each goroutine sleeps at least as long as it asked, and a sleeping goroutine gives its P
     * back: more goroutines sleep at once than there are Ps.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void sleepParksTheGoroutineForItsWholeDurationWithoutHoldingItsP(int procs) throws Exception {
        Gmp.gomaxprocs(procs);
        long napNanos = TimeUnit.MILLISECONDS.toNanos(50);
        AtomicLong shortestNap = new AtomicLong(Long.MAX_VALUE);
        AtomicInteger asleep = new AtomicInteger();
        AtomicInteger mostAsleepAtOnce = new AtomicInteger();
        runAll(200, () -> {
            mostAsleepAtOnce.accumulateAndGet(asleep.incrementAndGet(), Math::max);
            long start = System.nanoTime();
            try {
                Thread.sleep(Duration.ofNanos(napNanos));
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            shortestNap.accumulateAndGet(System.nanoTime() - start, Math::min);
            asleep.decrementAndGet();
        });
        assertTrue(shortestNap.get() >= napNanos, "a sleep ended after " + shortestNap.get() + " ns");
        assertTrue(mostAsleepAtOnce.get() > procs, "at most " + mostAsleepAtOnce.get() + " asleep at once on " + procs + " Ps");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void parkAndUnparkBetweenGoroutines(int procs) throws Exception {
        Gmp.gomaxprocs(procs);
        int rounds = 10_000;
        AtomicInteger turn = new AtomicInteger();
        Thread[] pair = new Thread[2];
        CountDownLatch ready = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(2);
        for (int side = 0; side < 2; side++) {
            int me = side;
            pair[side] = Gmp.go(() -> {
                try {
                    ready.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    while (turn.get() % 2 != me) LockSupport.park(this);
                    turn.incrementAndGet();
                    LockSupport.unpark(pair[1 - me]);
                }
                done.countDown();
            });
        }
        ready.countDown();
        assertTrue(done.await(30, TimeUnit.SECONDS), "ping-pong stuck at turn " + turn.get());
        assertEquals(2 * rounds, turn.get());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void reentrantLockUnderContention(int procs) throws Exception {
        Gmp.gomaxprocs(procs);
        ReentrantLock lock = new ReentrantLock();
        int[] counter = {0};
        runAll(200, () -> {
            for (int i = 0; i < 100; i++) {
                lock.lock();
                try {
                    counter[0]++;
                    if (i % 10 == 0) Thread.yield();
                } finally {
                    lock.unlock();
                }
            }
        });
        assertEquals(20_000, counter[0]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void synchronizedUnderContention(int procs) throws Exception {
        Gmp.gomaxprocs(procs);
        Object monitor = new Object();
        int[] counter = {0};
        runAll(200, () -> {
            for (int i = 0; i < 100; i++) {
                synchronized (monitor) {
                    counter[0]++;
                    if (i % 10 == 0) Thread.yield();
                }
            }
        });
        assertEquals(20_000, counter[0]);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void objectWaitAndNotify(int procs) throws Exception {
        Gmp.gomaxprocs(procs);
        Object monitor = new Object();
        boolean[] open = {false};
        CountDownLatch waiting = new CountDownLatch(50);
        CountDownLatch woke = new CountDownLatch(50);
        for (int i = 0; i < 50; i++) {
            Gmp.go(() -> {
                synchronized (monitor) {
                    waiting.countDown();
                    while (!open[0]) {
                        try {
                            monitor.wait();
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
                woke.countDown();
            });
        }
        assertTrue(waiting.await(10, TimeUnit.SECONDS));
        Thread opener = Gmp.go(() -> {
            synchronized (monitor) {
                open[0] = true;
                monitor.notifyAll();
            }
        });
        assertTrue(opener.join(Duration.ofSeconds(10)));
        assertTrue(woke.await(10, TimeUnit.SECONDS), "still waiting: " + woke.getCount());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void completableFutureJoin(int procs) throws Exception {
        Gmp.gomaxprocs(procs);
        AtomicInteger sum = new AtomicInteger();
        runAll(100, () -> {
            CompletableFuture<Integer> f = new CompletableFuture<>();
            Gmp.go(() -> {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
                f.complete(1);
            });
            sum.addAndGet(f.join());
        });
        assertEquals(100, sum.get());
    }
}

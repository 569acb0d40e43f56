package dev.gmp.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * gmp as a library, without the agent's hook: the JDK arms goroutines' timed parks on its
 * delayed-task queues for custom schedulers, which gmp wraps so that they become timers of the
 * goroutine's P. Every kind of timed park is counted by the scheduler's timers; a virtual thread
 * of another scheduler, which parks off gmp's Ms, is passed on to the JDK's queue and still wakes.
 * Assertions say that timers fire, never how fast.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JdkTimerQueuesTest {
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private interface TimedPark {
        void run() throws Exception;
    }

    @Test
    void everyKindOfTimedParkOfAGoroutineBecomesATimerOfTheScheduler() throws Exception {
        Gmp.go(() -> {}).join(); // the scheduler is started, and with it the queues are wrapped
        assertTrue(JdkTimerQueues.redirected(), "every one of the JDK's queues is wrapped");
        List<TimedPark> kinds = List.of(
                () -> Thread.sleep(2),
                () -> {
                    long deadline = System.nanoTime() + TIMEOUT_NANOS;
                    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(left);
                    }
                },
                () -> {
                    Object monitor = new Object();
                    synchronized (monitor) {
                        monitor.wait(2);
                    }
                },
                () -> {
                    ReentrantLock lock = new ReentrantLock();
                    Condition never = lock.newCondition();
                    lock.lock();
                    try {
                        for (long left = TIMEOUT_NANOS; left > 0; ) {
                            left = never.awaitNanos(left);
                        }
                    } finally {
                        lock.unlock();
                    }
                },
                () -> new ArrayBlockingQueue<String>(1).poll(2, TimeUnit.MILLISECONDS));
        long firedBefore = Gmp.snapshot().totals().timersFired();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong shortest = new AtomicLong(Long.MAX_VALUE);
        List<Thread> gs = new ArrayList<>();
        int rounds = 20;
        for (int i = 0; i < rounds; i++) {
            for (TimedPark kind : kinds) {
                gs.add(Gmp.go(() -> {
                    long start = System.nanoTime();
                    try {
                        kind.run();
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                    shortest.accumulateAndGet(System.nanoTime() - start, Math::min);
                }));
            }
        }
        for (Thread g : gs) {
            assertTrue(g.join(Duration.ofSeconds(30)), "a timed park ended: " + g);
        }
        assertEquals(null, failure.get());
        assertTrue(shortest.get() >= TimeUnit.MILLISECONDS.toNanos(1), "no park ended before its timeout: " + shortest.get());
        // A timer may count itself just after the G it woke has ended: wait for the count, boundedly.
        long fired = 0;
        for (int i = 0; i < 1_000 && fired < (long) rounds * kinds.size(); i++) {
            fired = Gmp.snapshot().totals().timersFired() - firedBefore;
            Thread.sleep(1);
        }
        assertTrue(fired >= (long) rounds * kinds.size(), "each timed park was a gmp timer: " + fired + " fired");
    }

    @Test
    void anInterruptEndsAGoroutinesLongSleepAndItsTimer() throws Exception {
        AtomicReference<Throwable> woken = new AtomicReference<>();
        Thread sleeper = Gmp.go(() -> {
            try {
                Thread.sleep(Duration.ofHours(1));
            } catch (Throwable t) {
                woken.set(t);
            }
        });
        while (sleeper.getState() != Thread.State.TIMED_WAITING) {
            Thread.sleep(1);
        }
        sleeper.interrupt();
        assertTrue(sleeper.join(Duration.ofSeconds(30)), "the interrupt woke the sleeper");
        assertTrue(woken.get() instanceof InterruptedException, "woken by the interrupt: " + woken.get());
    }

    @Test
    void everySleepEndsWhileGomaxprocsChangesUnderThem() throws Exception {
        int sleepers = 2_000, sleeps = 100;
        CountDownLatch done = new CountDownLatch(sleepers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 0; i < sleepers; i++) {
            Gmp.go(() -> {
                try {
                    for (int k = 0; k < sleeps; k++) {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(3)); // 0 ms too: the JDK arms no timer then
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
                done.countDown();
            });
        }
        // Ps die and come back while their timers hold sleepers: a dying P's timers move to the others.
        for (int flip = 0; !done.await(2, TimeUnit.MILLISECONDS); flip++) {
            Gmp.gomaxprocs(1 + flip % 4);
            assertTrue(flip < 15_000, "every sleeper woke up: " + done.getCount() + " of " + sleepers + " still asleep");
        }
        assertEquals(null, failure.get());
    }

    @Test
    void aVirtualThreadOfAnotherSchedulerStillWakesFromItsSleep() throws Exception {
        Gmp.go(() -> {}).join();
        try (ExecutorService carrier = Executors.newSingleThreadExecutor()) {
            AtomicLong slept = new AtomicLong();
            Thread other = VirtualThreads.newThread(carrier, () -> {
                long start = System.nanoTime();
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                slept.set(System.nanoTime() - start);
            });
            other.start();
            assertTrue(other.join(Duration.ofSeconds(30)), "the JDK's queue woke a thread gmp does not schedule");
            assertTrue(slept.get() >= TimeUnit.MILLISECONDS.toNanos(5), "it slept its 5 ms: " + slept.get());
        }
    }
}

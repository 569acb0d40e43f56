package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fairness under stress: on the only P, a channel ping-pong and a park/unpark pair hand the P to
 * each other through runnext without end, while four platform threads start 200 goroutines at
 * random moments. Each of those runs exactly once, and none waits longer than a generous 2 s
 * ({@link FairnessTest} states the real bound, 10–20 ms; this only catches starvation).
 */
class FairnessUnderStressTest {
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @Test
    void goroutinesStartedFromPlatformThreadsAtRandomMomentsAllRunBesideRunnextChains() throws Exception {
        Gmp.gomaxprocs(1);
        SchedulerInvariants invariants = SchedulerInvariants.mark();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> chains = new ArrayList<>(RunnextChains.channelPingPong(stop));
        chains.addAll(RunnextChains.parkUnpark(stop));
        int starters = 4, each = 50, n = starters * each;
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        AtomicLong worstWaitNanos = new AtomicLong();
        CountDownLatch ran = new CountDownLatch(n);
        for (int s = 0; s < starters; s++) {
            int base = s * each;
            Thread.ofPlatform().daemon().start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < each; i++) {
                    LockSupport.parkNanos(random.nextLong(5_000_000));
                    int id = base + i;
                    long startedAt = System.nanoTime();
                    Gmp.go(() -> {
                        worstWaitNanos.accumulateAndGet(System.nanoTime() - startedAt, Math::max);
                        runs.incrementAndGet(id);
                        ran.countDown();
                    });
                }
            });
        }
        SchedulerInvariants.await(ran, Duration.ofSeconds(30), "goroutines started beside the runnext chains");
        RunnextChains.stop(stop, chains);
        for (Thread t : chains) {
            SchedulerInvariants.join(t, Duration.ofSeconds(10), "a runnext chain");
        }
        for (int i = 0; i < n; i++) {
            assertEquals(1, runs.get(i), "goroutine " + i + " ran the wrong number of times");
        }
        long worst = worstWaitNanos.get();
        assertTrue(worst < LIMIT_NANOS, "a goroutine waited " + TimeUnit.NANOSECONDS.toMillis(worst) + " ms to run");
        invariants.assertHold();
    }
}

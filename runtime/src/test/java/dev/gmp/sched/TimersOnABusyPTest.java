package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many timers coming due at once on a busy P. The Gs they wake became runnable before anything
 * queued after them, and they keep that place: they are not pushed behind the global queue (a full
 * ring's overflow, or the preemption of a P that ran wake-up after wake-up in one slice). And a ring
 * kept full by other Gs never stops a timer from firing. The benchmark row timer-burst measures how
 * late sleeps end under such a burst; these cases check the order, never the time.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimersOnABusyPTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private final Sched sched = Sched.get();

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        SchedulerInvariants.await(latch, Duration.ofSeconds(30), what);
    }

    @Test
    void sleepersWhoseTimersCameDueWhileThePWasBusyRunBeforeGoroutinesStartedAfterThat() throws Exception {
        Gmp.gomaxprocs(1);
        int sleepers = 3 * RunQueue.DEFAULT_CAPACITY; // more than the ring holds
        int newcomers = 100;
        AtomicInteger woken = new AtomicInteger();
        CountDownLatch asleep = new CountDownLatch(sleepers), allWoke = new CountDownLatch(sleepers);
        for (int i = 0; i < sleepers; i++) {
            Gmp.go(() -> {
                SchedTimersTest.sleepOnTimer(sched, TimeUnit.MILLISECONDS.toNanos(20), asleep::countDown);
                woken.incrementAndGet();
                allWoke.countDown();
            });
        }
        await(asleep, "the sleepers' timers");

        // A goroutine that never schedules holds the only P past every deadline (and past a time
        // slice, so sysmon flags the P); then goroutines are started from this platform thread.
        AtomicBoolean running = new AtomicBoolean(), release = new AtomicBoolean();
        Gmp.go(() -> {
            running.set(true);
            while (!release.get()) {
                Thread.onSpinWait();
            }
        });
        while (!running.get()) {
            Thread.sleep(1);
        }
        Thread.sleep(60);
        List<Integer> wokenWhenANewcomerRan = new ArrayList<>();
        CountDownLatch newcomersRan = new CountDownLatch(newcomers);
        for (int i = 0; i < newcomers; i++) {
            Gmp.go(() -> {
                synchronized (wokenWhenANewcomerRan) {
                    wokenWhenANewcomerRan.add(woken.get());
                }
                newcomersRan.countDown();
            });
        }
        release.set(true);
        await(allWoke, "the sleepers");
        await(newcomersRan, "the newcomers");

        long beforeTheLastSleeper;
        synchronized (wokenWhenANewcomerRan) {
            beforeTheLastSleeper = wokenWhenANewcomerRan.stream().filter(w -> w < sleepers).count();
        }
        // The only P takes one of them from the global queue every 61 schedules (and one when the
        // busy slice ends): about sleepers / 61 + 1. Behind the global queue, all of them would.
        assertTrue(beforeTheLastSleeper <= sleepers / 61 + 5,
                beforeTheLastSleeper + " of " + newcomers + " goroutines started after " + sleepers
                        + " timers came due ran before the last of those sleepers woke");
    }

    @Test
    void aSleepStillEndsWhileYieldingGoroutinesKeepTheOnlyPsRunQueueFull() throws Exception {
        Gmp.gomaxprocs(1);
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch yieldersStopped = new CountDownLatch(2 * RunQueue.DEFAULT_CAPACITY);
        for (int i = 0; i < 2 * RunQueue.DEFAULT_CAPACITY; i++) {
            Gmp.go(() -> {
                while (!stop.get()) {
                    Thread.yield();
                }
                yieldersStopped.countDown();
            });
        }
        try {
            for (int i = 0; i < 20; i++) {
                CountDownLatch woke = new CountDownLatch(1);
                Gmp.go(() -> {
                    SchedTimersTest.sleepOnTimer(sched, TimeUnit.MILLISECONDS.toNanos(2));
                    woke.countDown();
                });
                await(woke, "sleep " + i + " among yielding goroutines");
            }
        } finally {
            stop.set(true);
        }
        await(yieldersStopped, "the yielding goroutines");
    }

    // ---- the admission rule itself ----------------------------------------------------------

    private static final long NOW = 1_000_000_000L;
    private static final long JUST_DUE = NOW;
    private static final long A_SLICE_LATE = NOW - Sysmon.TIME_SLICE_NANOS;

    private static RunQueue fullRing() {
        RunQueue runq = new RunQueue(4);
        for (int i = 0; i < 4; i++) {
            assertNull(runq.put(DetachedGs.of(i + 1), false));
        }
        assertEquals(0, runq.free());
        return runq;
    }

    @Test
    void aTimerRunsWhileItsGFitsInTheRing() {
        RunQueue runq = new RunQueue(4);
        assertNull(runq.put(DetachedGs.of(1), true)); // runnext taken: the woken G moves it to the ring
        assertNull(runq.put(DetachedGs.of(2), false));
        assertNull(runq.put(DetachedGs.of(3), false));
        assertNull(runq.put(DetachedGs.of(4), false));
        assertEquals(1, runq.free());
        assertTrue(PTimers.mayReadyAnother(runq, true, JUST_DUE, NOW));
        assertTrue(PTimers.mayReadyAnother(runq, false, JUST_DUE, NOW));
    }

    @Test
    void aFullRingHoldsTimersBackUntilTheyAreASliceLate() {
        RunQueue runq = fullRing();
        assertFalse(PTimers.mayReadyAnother(runq, true, JUST_DUE, NOW));
        assertFalse(PTimers.mayReadyAnother(runq, true, A_SLICE_LATE + 1, NOW));
        assertTrue(PTimers.mayReadyAnother(runq, true, A_SLICE_LATE, NOW), "its G goes to the empty runnext");
    }

    @Test
    void aFullRingTakesOneLateTimerPerCheckAndOnlyIntoAnEmptyRunnext() {
        RunQueue runq = fullRing();
        assertFalse(PTimers.mayReadyAnother(runq, false, A_SLICE_LATE, NOW), "a second one this check");
        assertNull(runq.put(DetachedGs.of(9), true), "an empty runnext takes a G without a ring slot");
        assertFalse(PTimers.mayReadyAnother(runq, true, A_SLICE_LATE, NOW), "runnext is taken");
    }
}

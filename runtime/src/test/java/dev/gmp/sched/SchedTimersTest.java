package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The scheduler's per-P timers: who runs them, that none is lost when its P goes idle or dies,
 * that a cancelled one never runs, and that a thousand sleepers across GOMAXPROCS changes all wake.
 * Assertions say that timers fire, never how fast.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedTimersTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private final Sched sched = Sched.get();

    /** The id of the P the caller's M holds, or -1 (also -1 off the Ms). */
    private static int currentPid() {
        return Sched.currentPid();
    }

    /** Parks the calling goroutine on a scheduler timer for {@code nanos}, as the agent's sleep does. */
    static void sleepOnTimer(Sched sched, long nanos) {
        sleepOnTimer(sched, nanos, () -> {});
    }

    /** {@link #sleepOnTimer(Sched, long)}, running {@code armed} once the timer is started, before parking. */
    static void sleepOnTimer(Sched sched, long nanos, Runnable armed) {
        Thread self = Thread.currentThread();
        AtomicBoolean due = new AtomicBoolean();
        sched.startTimer(() -> {
            due.set(true);
            LockSupport.unpark(self);
        }, nanos, 0);
        armed.run();
        while (!due.get()) {
            LockSupport.park();
        }
    }

    private static void await(CountDownLatch latch, String what) throws InterruptedException {
        SchedulerInvariants.await(latch, Duration.ofSeconds(30), what);
    }

    @Test
    void aTimerStartedByAGoroutineRunsOnTheMHoldingThatGoroutinesP() throws Exception {
        Gmp.gomaxprocs(4);
        CountDownLatch fired = new CountDownLatch(1);
        int[] startedOn = {-2}, ranOn = {-2};
        Gmp.go(() -> {
            startedOn[0] = currentPid();
            sched.startTimer(() -> {
                ranOn[0] = currentPid();
                fired.countDown();
            }, TimeUnit.MILLISECONDS.toNanos(20), 0);
        });
        await(fired, "the timer");
        assertTrue(startedOn[0] >= 0, "the goroutine ran on no P");
        assertEquals(startedOn[0], ranOn[0], "the timer ran off the P it was started on");
    }

    @Test
    void aTimerIsAScheduledFutureOrderedByItsDelay() {
        Timer soon = sched.startTimer(() -> {}, TimeUnit.SECONDS.toNanos(60), 0);
        Timer later = sched.startTimer(() -> {}, TimeUnit.SECONDS.toNanos(120), 0);
        try {
            long left = soon.getDelay(TimeUnit.SECONDS);
            assertTrue(left > 0 && left <= 60, "due in at most 60 s: " + left);
            assertTrue(soon.compareTo(later) < 0 && later.compareTo(soon) > 0 && soon.compareTo(soon) == 0);
        } finally {
            soon.cancel(false);
            later.cancel(false);
        }
    }

    @Test
    void aGoroutineWokenByATimerRunsAgain() throws Exception {
        long before = sched.timersFired();
        CountDownLatch done = new CountDownLatch(1);
        Gmp.go(() -> {
            sleepOnTimer(sched, TimeUnit.MILLISECONDS.toNanos(5));
            done.countDown();
        });
        await(done, "the sleeper");
        assertTrue(sched.timersFired() > before, "the timers-fired counter did not count the timer");
    }

    @Test
    void aTimerOnAPThatWentIdleStillFires() throws Exception {
        for (int procs : new int[] {1, 4}) {
            Gmp.gomaxprocs(procs);
            CountDownLatch fired = new CountDownLatch(1);
            // The goroutine ends at once: its P goes idle with the timer on it, and every M sleeps.
            Gmp.go(() -> sched.startTimer(fired::countDown, TimeUnit.MILLISECONDS.toNanos(50), 0)).join();
            await(fired, "the timer of an idle P with " + procs + " procs");
        }
    }

    @Test
    void aTimerStartedOffTheScheduledThreadsFires() throws Exception {
        CountDownLatch fired = new CountDownLatch(1);
        int[] ranOn = {-2};
        sched.startTimer(() -> {
            ranOn[0] = currentPid();
            fired.countDown();
        }, TimeUnit.MILLISECONDS.toNanos(10), 0);
        await(fired, "a timer started by a platform thread");
        assertTrue(ranOn[0] >= 0, "it must run on an M holding a P, ran on " + ranOn[0]);
    }

    @Test
    void aCancelledTimerNeverRuns() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch later = new CountDownLatch(1);
        Gmp.go(() -> {
            Timer t = sched.startTimer(runs::incrementAndGet, TimeUnit.MILLISECONDS.toNanos(20), 0);
            assertTrue(t.cancel(false));
            sched.startTimer(later::countDown, TimeUnit.MILLISECONDS.toNanos(60), 0);
        }).join();
        await(later, "the later timer");
        assertEquals(0, runs.get());
    }

    @Test
    void aPeriodicTimerRunsUntilCancelled() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch three = new CountDownLatch(3);
        Timer t = sched.startTimer(() -> {
            runs.incrementAndGet();
            three.countDown();
        }, 0, TimeUnit.MILLISECONDS.toNanos(2));
        await(three, "three runs");
        t.cancel(false);
        int stoppedAt = runs.get();
        Thread.sleep(50);
        assertTrue(runs.get() <= stoppedAt + 1, "a cancelled ticker kept running: " + runs.get() + " after " + stoppedAt);
    }

    @Test
    void timersOfAPRemovedByAShrinkMoveToALiveP() throws Exception {
        Gmp.gomaxprocs(4);
        CountDownLatch fired = new CountDownLatch(1);
        int[] startedOn = {-1}, ranOn = {-1};
        CountDownLatch armed = new CountDownLatch(1);
        // Goroutines spin until one runs on P1..P3: that one arms the timer there.
        AtomicBoolean done = new AtomicBoolean();
        for (int i = 0; i < 4; i++) {
            Gmp.go(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!done.get() && System.nanoTime() < deadline) {
                    int pid = currentPid();
                    if (pid > 0 && done.compareAndSet(false, true)) {
                        startedOn[0] = pid;
                        sched.startTimer(() -> {
                            ranOn[0] = currentPid();
                            fired.countDown();
                        }, TimeUnit.MILLISECONDS.toNanos(100), 0);
                        armed.countDown();
                    }
                    Thread.onSpinWait();
                }
            });
        }
        await(armed, "a goroutine on a P other than P0");
        Gmp.gomaxprocs(1);
        await(fired, "the timer of P" + startedOn[0] + " after GOMAXPROCS went to 1");
        assertEquals(0, ranOn[0], "after the shrink only P0 lives");
    }

    @Test
    void thousandsOfSleepersAcrossGomaxprocsChangesUnderLoadAllWake() throws Exception {
        SchedulerInvariants invariants = SchedulerInvariants.mark();
        long firedBefore = sched.timersFired();
        int sleepers = 2_000, sleeps = 10;
        CountDownLatch woke = new CountDownLatch(sleepers);
        AtomicBoolean stop = new AtomicBoolean();
        for (int i = 0; i < 4; i++) {
            Gmp.go(() -> { // load: goroutines that keep their Ps busy between yields
                while (!stop.get()) {
                    long until = System.nanoTime() + 200_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    Thread.yield();
                }
            });
        }
        for (int i = 0; i < sleepers; i++) {
            Gmp.go(() -> {
                for (int s = 0; s < sleeps; s++) {
                    sleepOnTimer(sched, ThreadLocalRandom.current().nextLong(100_000, 2_000_000));
                }
                woke.countDown();
            });
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (woke.getCount() > 0) {
            Gmp.gomaxprocs(1 + random.nextInt(4));
            if (woke.await(random.nextLong(1, 5), TimeUnit.MILLISECONDS)) {
                break;
            }
        }
        Gmp.gomaxprocs(2);
        await(woke, "sleepers");
        stop.set(true);
        invariants.assertHold();
        assertTrue(sched.timersFired() - firedBefore >= (long) sleepers * sleeps, "every sleep is a timer that fired");
    }

    @Test
    void whenNothingIsLeftToDoEveryMAndSysmonSleep() throws Exception {
        Gmp.gomaxprocs(4);
        CountDownLatch fired = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            Gmp.go(() -> {
                sleepOnTimer(sched, TimeUnit.MILLISECONDS.toNanos(1));
                fired.countDown();
            });
        }
        await(fired, "sleepers");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(sched.sysmon().isInDeepSleep() && everyMParked())) {
            if (System.nanoTime() > deadline) {
                fail("with no goroutine and no timer left, sysmon or an M stayed awake: "
                        + Schedtrace.line(sched));
            }
            Thread.sleep(10);
        }
        assertFalse(sched.timers.inboxNotEmpty());
    }

    private boolean everyMParked() {
        for (M m : sched.allm) {
            Thread.State state = m.getState();
            if (state != Thread.State.WAITING || !m.idle) {
                return false; // an M parked with a timeout would be TIMED_WAITING: no timer is left
            }
        }
        return true;
    }
}

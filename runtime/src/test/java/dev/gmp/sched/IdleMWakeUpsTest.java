package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * How idle Ms are woken for goroutines readied from outside the Ps (a platform thread here). An M
 * that runs out of work spins briefly for a hand-off before it parks, so a waker that comes soon
 * after costs no futex wake-up; and a spinning M that finds work wakes another only when more work
 * is queued, where Go wakes one whenever the last spinner stops. Both came from a platform thread
 * feeding a goroutine through a SynchronousQueue, which ran 10-30 times slower than on the JDK's
 * scheduler: every hand-off parked and woke Ms, and Ms woken for nothing took the CPUs the pair
 * spun on.
 */
class IdleMWakeUpsTest {
    private static final int HAND_OFFS = 200;

    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @Test
    void aGoroutineReadiedJustAfterItsMWentIdleIsHandedToTheMWhileItStillSpins() throws Exception {
        Gmp.gomaxprocs(1);
        Sched sched = Sched.get();
        AtomicReference<M> ranOn = new AtomicReference<>();
        AtomicInteger rounds = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread g = sched.go(() -> {
            while (!stop.get()) {
                ranOn.set(Sched.currentM());
                rounds.incrementAndGet();
                LockSupport.park();
            }
        });
        // Windows of HAND_OFFS rounds until one has most of its hand-offs caught: the first ones run
        // interpreted (slower than the spin), and a JIT compilation or a busy CPU can slow a window.
        List<Long> caughtPerWindow = new ArrayList<>();
        int round = 0;
        while (caughtPerWindow.size() < 25 && (caughtPerWindow.isEmpty() || caughtPerWindow.getLast() < HAND_OFFS / 2)) {
            long caughtBefore = Gmp.snapshot().totals().mWakeUpsWhileSpinning();
            for (int i = 0; i < HAND_OFFS; i++) {
                int next = ++round;
                awaitTrue(() -> rounds.get() == next && g.getState() == Thread.State.WAITING, "the goroutine never parked");
                M m = ranOn.get();
                awaitTrue(() -> m.idle, "its M never went idle"); // on the idle M list, first in line for the next G
                LockSupport.unpark(g); // from this platform thread: readied from outside the Ps
            }
            caughtPerWindow.add(Gmp.snapshot().totals().mWakeUpsWhileSpinning() - caughtBefore);
        }
        stop.set(true);
        LockSupport.unpark(g);
        assertTrue(g.join(Duration.ofSeconds(10)));
        // Readied within microseconds of the M going idle: without the spin, none is caught.
        assertTrue(caughtPerWindow.getLast() >= HAND_OFFS / 2,
                "hand-offs that reached a spinning M, per window of " + HAND_OFFS + ": " + caughtPerWindow);
    }

    @Test
    void anMWithNothingToDoSpinsOnlyBrieflyThenParks() throws Exception {
        Gmp.gomaxprocs(2);
        Sched sched = Sched.get();
        for (int i = 0; i < 20; i++) {
            runFromThisPlatformThread(sched);
        }
        awaitTrue(() -> sched.idle.npidle() == 2, "the Ps never went idle");
        Thread.sleep(20);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = mCpuNanos(threads);
        Thread.sleep(300);
        long used = mCpuNanos(threads) - before;
        assertTrue(used < 30_000_000, "idle Ms used " + used / 1_000_000 + " ms of CPU in 300 ms with nothing to do");
    }

    @Test
    void aSpinningMThatFindsTheOnlyQueuedGoroutineWakesNoOtherM() {
        Gmp.gomaxprocs(2);
        Sched sched = Sched.get();
        long wakeUpsBefore = Gmp.snapshot().totals().mWakeUps();
        for (int i = 0; i < HAND_OFFS; i++) {
            awaitTrue(() -> sched.idle.npidle() == 2 && sched.idle.nmspinning() == 0, "the Ps never went idle");
            runFromThisPlatformThread(sched);
        }
        long wakeUps = Gmp.snapshot().totals().mWakeUps() - wakeUpsBefore;
        // One wake-up per goroutine: the injector's. Go's rule adds a second, for an M that finds nothing.
        assertTrue(wakeUps <= HAND_OFFS * 3 / 2, wakeUps + " M wake-ups for " + HAND_OFFS + " goroutines readied one at a time");
        assertTrue(wakeUps >= HAND_OFFS / 2, "only " + wakeUps + " M wake-ups for " + HAND_OFFS + " goroutines readied into an idle scheduler");
    }

    /**
     * Starts a goroutine from this platform thread and spins (no park: its wake-up would take longer
     * than the M's spin) until it ran; returns the M it ran on.
     */
    private static M runFromThisPlatformThread(Sched sched) {
        AtomicReference<M> ranOn = new AtomicReference<>();
        sched.go(() -> ranOn.set(Sched.currentM()));
        awaitTrue(() -> ranOn.get() != null, "the goroutine never ran");
        return ranOn.get();
    }

    private static long mCpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t instanceof M) {
                sum += Math.max(0, threads.getThreadCpuTime(t.threadId()));
            }
        }
        return sum;
    }

    private static void awaitTrue(BooleanSupplier condition, String failure) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(failure);
            }
            Thread.onSpinWait();
        }
    }
}

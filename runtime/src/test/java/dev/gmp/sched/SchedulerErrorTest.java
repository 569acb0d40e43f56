package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Error thrown inside the scheduler (an M's schedule loop, sysmon, the start of a new M's
 * thread, the report of an error itself) is reported, and no M, P, G or sysmon is lost to it.
 */
class SchedulerErrorTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @AfterEach
    void removeHooks() {
        M.scheduleHookForTests = null;
        M.beforeSliceHookForTests = null;
        Sysmon.tickHookForTests = null;
        Sched.mStartsToFailForTests.set(0);
        PTimers.allocationsToFailForTests.set(0);
    }

    @Test
    void outOfMemoryErrorsInsideTheScheduleLoopLoseNoGoroutineAndNoP() throws Exception {
        Sched sched = Sched.get();
        long errorsBefore = sched.internalErrors();
        AtomicInteger toThrow = new AtomicInteger(50);
        M.scheduleHookForTests = () -> {
            if (toThrow.getAndDecrement() > 0) {
                throw new OutOfMemoryError("injected: Java heap space");
            }
        };
        int n = 2_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Gmp.go(() -> {
                LockSupport.parkNanos(100_000);
                Thread.yield();
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " goroutines never finished");
        assertTrue(toThrow.get() <= 0, "the schedule loop ran often enough to hit every injected error");
        assertTrue(sched.internalErrors() - errorsBefore >= 50, "each error was reported");
        SchedLockTest.assertEveryRunningPHasItsM(sched);
        M.scheduleHookForTests = null;
        Thread after = Gmp.go(() -> {});
        assertTrue(after.join(Duration.ofSeconds(10)), "the scheduler still runs new goroutines");
    }

    /**
     * The OS refuses new threads for a while (a container's pid limit): each new M that cannot
     * start gives its P back, and once threads can be made again every goroutine that needed an M
     * of its own gets one. Before, the P went with the M that never ran, and its Gs with it.
     */
    @Test
    void newMsWhoseThreadsCannotStartLoseNoPAndTheWorkGoesOnOnceThreadsCanBeMade() throws Exception {
        Gmp.gomaxprocs(2);
        Sched sched = Sched.get();
        long refusedBefore = Gmp.snapshot().totals().threadLimitHits();
        int failures = 3;
        Sched.mStartsToFailForTests.set(failures);
        // More goroutines in system calls at once than there are Ms: each holds its M, so new Ms must be made.
        GoroutinesInSyscalls.holdAtOnceThenRelease(sched.allm.size() + 4, "Ps were lost to Ms that never started");
        assertEquals(0, Sched.mStartsToFailForTests.get(), "every injected failure was met");
        assertTrue(Gmp.snapshot().totals().threadLimitHits() - refusedBefore >= failures,
                "each M that could not start counts as a refused M");
        SchedLockTest.assertEveryRunningPHasItsM(sched);
        Thread after = Gmp.go(() -> {});
        assertTrue(after.join(Duration.ofSeconds(10)), "the scheduler still runs new goroutines");
    }

    /**
     * Sysmon outlives errors thrown inside its loop: afterwards it still retakes the only P from
     * a goroutine blocked in a system call, so another goroutine runs.
     */
    @Test
    void sysmonSurvivesErrorsInsideItsLoopAndStillRetakesPs() throws Exception {
        Gmp.gomaxprocs(1);
        Sched sched = Sched.get();
        long errorsBefore = sched.internalErrors();
        AtomicInteger toThrow = new AtomicInteger(5);
        Sysmon.tickHookForTests = () -> {
            if (toThrow.getAndDecrement() > 0) {
                throw new OutOfMemoryError("injected: Java heap space");
            }
        };
        Gmp.go(() -> {}).join(); // a P runs: sysmon ticks
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (toThrow.get() > 0) {
            assertTrue(System.nanoTime() < deadline, "sysmon stopped ticking after " + (5 - toThrow.get()) + " errors");
            Gmp.go(() -> {}).join();
        }
        Sysmon.tickHookForTests = null;
        while (sched.internalErrors() - errorsBefore < 5) { // the last throw may not be reported yet
            assertTrue(System.nanoTime() < deadline, "only " + (sched.internalErrors() - errorsBefore) + " of 5 errors were reported");
            Thread.sleep(1);
        }
        AtomicBoolean release = new AtomicBoolean();
        Thread blocked = Gmp.go(() -> {
            Gmp.entersyscall();
            while (!release.get()) {
                Thread.onSpinWait(); // holds the only P's M: only a retake lets the next G run
            }
            Gmp.exitsyscall();
        });
        try {
            Thread other = Gmp.go(() -> {});
            assertTrue(other.join(Duration.ofSeconds(10)), "sysmon never retook the P of the G in a system call");
        } finally {
            release.set(true);
        }
        assertTrue(blocked.join(Duration.ofSeconds(10)));
    }

    /** A G an M took to run and could not start (its bookkeeping threw) goes back to a queue. */
    @Test
    void aGoroutineWhoseSliceCouldNotBeginIsRunLater() throws Exception {
        Sched sched = Sched.get();
        long errorsBefore = sched.internalErrors();
        AtomicInteger toThrow = new AtomicInteger(50);
        M.beforeSliceHookForTests = () -> {
            if (toThrow.getAndDecrement() > 0) {
                throw new OutOfMemoryError("injected: Java heap space");
            }
        };
        int n = 2_000;
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Gmp.go(() -> {
                LockSupport.parkNanos(100_000);
                Thread.yield();
                done.countDown();
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " goroutines were taken to run and dropped");
        assertTrue(toThrow.get() <= 0, "every injected error was met");
        assertTrue(sched.internalErrors() - errorsBefore >= 50, "each error was reported");
    }

    /**
     * The JDK arms a timed park's timeout after the G unmounted, on the M; when the heap cannot hold
     * the timer, the JDK's code throws with the thread halfway into its park, in a state nothing
     * leaves. gmp resumes it as after a spurious wake-up: sleep and parkNanos callers see a park
     * that returned early, and sleep parks again for what is left.
     */
    @Test
    void aTimedParkWhoseTimerCannotBeMadeResumesEarlyInsteadOfBeingLost() throws Exception {
        Sched sched = Sched.get();
        long errorsBefore = sched.internalErrors();
        int n = 200;
        PTimers.allocationsToFailForTests.set(2 * n);
        CountDownLatch done = new CountDownLatch(n);
        AtomicInteger shortSleeps = new AtomicInteger();
        for (int i = 0; i < n; i++) {
            Gmp.go(() -> {
                try {
                    for (int k = 0; k < 3; k++) {
                        long start = System.nanoTime();
                        Thread.sleep(2);
                        if (System.nanoTime() - start < 2_000_000) {
                            shortSleeps.incrementAndGet();
                        }
                        LockSupport.parkNanos(500_000);
                    }
                    done.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(done.await(30, TimeUnit.SECONDS), done.getCount() + " of " + n
                + " goroutines never came back from a timed park whose timer could not be made");
        assertEquals(0, PTimers.allocationsToFailForTests.get(), "every injected failure was met");
        assertEquals(0, shortSleeps.get(), "a sleep that woke early slept again for the rest");
        assertTrue(sched.internalErrors() - errorsBefore >= 2 * n, "each failure was reported");
    }

    /**
     * What a goroutine's uncaught-exception handler throws reaches the M (the JDK calls the handler
     * inside the thread's run), but it is the application's: the JVM ignores it, and so does gmp.
     */
    @Test
    void anUncaughtExceptionHandlerThatThrowsIsIgnoredAsTheJvmIgnoresIt() throws Exception {
        Sched sched = Sched.get();
        long errorsBefore = sched.internalErrors();
        int n = 50;
        CountDownLatch handlersSet = new CountDownLatch(1);
        AtomicInteger handled = new AtomicInteger();
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = Gmp.go(() -> {
                awaitUninterruptibly(handlersSet);
                throw new IllegalStateException("the goroutine's own failure");
            });
            threads[i].setUncaughtExceptionHandler((thread, e) -> {
                handled.incrementAndGet();
                throw new IllegalArgumentException("the handler's own failure");
            });
        }
        handlersSet.countDown();
        for (Thread t : threads) {
            assertTrue(t.join(Duration.ofSeconds(30)), "a goroutine whose handler threw never ended");
        }
        assertEquals(n, handled.get());
        assertEquals(errorsBefore, sched.internalErrors(), "the handlers' exceptions were reported as gmp's");
        assertTrue(Gmp.go(() -> {}).join(Duration.ofSeconds(30)), "gmp still runs goroutines");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reporting an error must not throw, even when the report itself fails (the heap is exhausted). */
    @Test
    void anErrorWhoseReportFailsIsStillCountedAndNothingIsThrown() {
        Sched sched = Sched.get();
        long before = sched.internalErrors();
        Throwable unprintable = new OutOfMemoryError("injected") {
            @Override
            public String toString() {
                throw new OutOfMemoryError("injected: no heap to describe it");
            }
        };
        assertDoesNotThrow(() -> sched.reportInternalError(InternalErrors.TEST, null, unprintable));
        assertEquals(before + 1, sched.internalErrors());
    }
}

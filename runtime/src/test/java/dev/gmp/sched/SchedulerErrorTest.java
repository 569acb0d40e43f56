package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An Error thrown inside an M's schedule loop is reported, and no M, P or G is lost to it. */
class SchedulerErrorTest {

    @AfterEach
    void removeHook() {
        M.scheduleHookForTests = null;
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
}

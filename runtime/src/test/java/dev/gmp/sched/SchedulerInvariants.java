package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gmp.Gmp;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What must hold once a stress run has settled, taken against a mark made before it started: the
 * live goroutine count is back to its starting value, every RUNNING P has an M that holds it back,
 * and the scheduler reported no internal error. Public so the stress programs that run in a forked
 * JVM (package dev.gmp) can check it too. Also the hang guard every stress test waits through.
 */
public final class SchedulerInvariants {
    private final Sched sched = Sched.get();
    private final long liveBefore = Gmp.numGoroutine();
    private final long internalErrorsBefore = sched.internalErrors();

    private SchedulerInvariants() {}

    /** Marks the scheduler's state before a stress run. */
    public static SchedulerInvariants mark() {
        return new SchedulerInvariants();
    }

    /** Waits up to 10 s for the goroutines started since the mark to be counted finished, then checks the rest. */
    public void assertHold() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Gmp.numGoroutine() != liveBefore) { // an M counts a G finished just after its join returns
            if (System.nanoTime() > deadline) {
                fail("live goroutines did not return to " + liveBefore + ": " + Gmp.numGoroutine() + diagnostics());
            }
            Thread.sleep(5);
        }
        SchedLockTest.assertEveryRunningPHasItsM(sched);
        assertEquals(internalErrorsBefore, sched.internalErrors(), "the scheduler reported internal errors");
    }

    /** Waits for {@code latch}; on timeout fails with what is left, the goroutine dump and a schedtrace line. */
    public static void await(CountDownLatch latch, Duration limit, String what) throws InterruptedException {
        if (!latch.await(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            fail(what + ": " + latch.getCount() + " still outstanding after " + limit + diagnostics());
        }
    }

    /** Joins {@code thread}; on timeout fails with the goroutine dump and a schedtrace line. */
    public static void join(Thread thread, Duration limit, String what) throws InterruptedException {
        if (!thread.join(limit)) {
            fail(what + ": " + thread + " still alive after " + limit + diagnostics());
        }
    }

    static String diagnostics() {
        return "\n" + Gmp.schedtrace() + "\n" + Gmp.goroutineDump();
    }
}

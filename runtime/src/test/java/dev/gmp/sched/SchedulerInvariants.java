package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gmp.Gmp;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What must hold once a stress run has settled, taken against a mark made before it started: no
 * goroutine started since the mark is still live, the live goroutine count agrees with the Gs
 * registered as live, every RUNNING P has an M that holds it back, and the scheduler reported no
 * internal error. Public so the stress programs that run in a forked JVM (package dev.gmp) can check
 * it too. Also the hang guard every stress test waits through.
 *
 * <p>The mark is a set of goids, not a count: a goroutine of an earlier test may still be finishing
 * when the mark is made (an M counts a G finished just after its join returns), and a count taken
 * then is one too high for good (CI saw "did not return to 1: 0").
 */
public final class SchedulerInvariants {
    private final Sched sched = Sched.get();
    private final Set<Long> liveBefore = liveGoids(sched);
    private final long internalErrorsBefore = sched.internalErrors();

    private SchedulerInvariants() {}

    /** Marks the scheduler's state before a stress run. */
    public static SchedulerInvariants mark() {
        return new SchedulerInvariants();
    }

    /**
     * Waits up to 10 s for the goroutines started since the mark to finish and to be counted finished
     * (an M counts a G finished just after its join returns), then checks the rest.
     */
    public void assertHold() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            Set<Long> live = liveGoids(sched);
            Set<Long> startedSinceMark = new TreeSet<>(live);
            startedSinceMark.removeAll(liveBefore);
            long counted = Gmp.numGoroutine();
            if (startedSinceMark.isEmpty() && counted == live.size()) {
                break;
            }
            if (System.nanoTime() > deadline) {
                fail("goroutines started since the mark still live: " + startedSinceMark + "; numGoroutine " + counted
                        + " for " + live.size() + " registered live" + diagnostics());
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

    /** The goids of the live application goroutines (system Gs left out, as numGoroutine leaves them out). */
    private static Set<Long> liveGoids(Sched sched) {
        Set<Long> goids = new HashSet<>();
        for (G g : sched.allgs.snapshot()) {
            if (!g.isSystem()) {
                goids.add(g.goid);
            }
        }
        return goids;
    }

    static String diagnostics() {
        return "\n" + Gmp.schedtrace() + "\n" + Gmp.goroutineDump();
    }
}

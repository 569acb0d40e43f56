package dev.gmp.chan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Chan;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which threads outside the goroutines the deadlock detector counts as still able to wake a G. */
@Timeout(30)
class ThreadsOutsideGmpTest {

    @Test
    void aSleepingPlatformThreadCanAct() throws Exception {
        Thread sleeper = Thread.ofPlatform().daemon().start(() -> sleep(Duration.ofSeconds(30)));
        awaitState(sleeper, Thread.State.TIMED_WAITING);
        assertTrue(canActNow(sleeper));
        sleeper.interrupt();
    }

    @Test
    void aPlatformThreadWaitingForALockCanAct() throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        Thread waiter = Thread.ofPlatform().daemon().start(() -> await(latch));
        awaitState(waiter, Thread.State.WAITING);
        assertTrue(canActNow(waiter), "whoever holds the lock may release it");
        latch.countDown();
    }

    @Test
    void aPlatformThreadParkedOnAChannelCannotAct() throws Exception {
        Chan<Integer> ch = Chan.make();
        Thread receiver = Thread.ofPlatform().daemon().start(ch::recv);
        awaitState(receiver, Thread.State.WAITING);
        assertFalse(canActNow(receiver));
        ch.close();
    }

    @Test
    void aPlatformThreadJoiningAVirtualThreadCannotActUnlessTheJoinTimesOut() throws Exception {
        CountDownLatch latch = new CountDownLatch(1);
        Thread virtual = Thread.ofVirtual().start(() -> await(latch));
        Thread joiner = Thread.ofPlatform().daemon().start(() -> join(virtual, null));
        Thread timedJoiner = Thread.ofPlatform().daemon().start(() -> join(virtual, Duration.ofSeconds(30)));
        awaitState(joiner, Thread.State.WAITING);
        awaitState(timedJoiner, Thread.State.TIMED_WAITING);
        assertFalse(canActNow(joiner));
        assertTrue(canActNow(timedJoiner), "it acts again when the timeout expires");
        latch.countDown();
    }

    @Test
    void gmpsAndTheJvmsOwnThreadsAreNotTheApplications() throws Exception {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("Reference Handler") || t.getName().equals("Signal Dispatcher")
                    || t.getName().equals("Common-Cleaner")) {
                assertFalse(ThreadsOutsideGmp.isApplicationThread(t), t.getName());
            }
        }
        Thread gmpThread = Thread.ofPlatform().daemon().name("gmp-test").start(() -> sleep(Duration.ofSeconds(30)));
        assertFalse(ThreadsOutsideGmp.isApplicationThread(gmpThread));
        assertTrue(ThreadsOutsideGmp.isApplicationThread(Thread.currentThread()));
        gmpThread.interrupt();
    }

    @Test
    void aPlatformThreadStartedByAVirtualThreadIsTheApplications() throws Exception {
        AtomicReference<Thread> started = new AtomicReference<>();
        Thread.ofVirtual().start(() -> started.set(Thread.ofPlatform().daemon()
                .start(() -> sleep(Duration.ofSeconds(30))))).join();
        assertTrue(ThreadsOutsideGmp.isApplicationThread(started.get()), "its group is the JDK's VirtualThreads");
        started.get().interrupt();
    }

    private static boolean canActNow(Thread t) {
        return ThreadsOutsideGmp.canAct(t.getState(), LockSupport.getBlocker(t), t.getStackTrace());
    }

    private static void awaitState(Thread t, Thread.State state) throws InterruptedException {
        while (t.getState() != state) {
            Thread.sleep(5);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            // asked to stop
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            // asked to stop
        }
    }

    private static void join(Thread t, Duration timeout) {
        try {
            if (timeout == null) {
                t.join();
            } else {
                t.join(timeout);
            }
        } catch (InterruptedException e) {
            // asked to stop
        }
    }
}

package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.testsupport.NativeSleep;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Syscall handoff: a G blocked outside the scheduler's sight does not hold its P hostage. */
class SyscallTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @Test
    void withOnePAnotherGoroutineKeepsRunningDuringABlockingNativeCall() throws Exception {
        Gmp.gomaxprocs(1);
        AtomicLong counter = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        Thread counting = Gmp.go(() -> {
            while (!stop.get()) {
                counter.incrementAndGet();
                Gmp.checkPreempt(); // lets the syscall G get the P in the first place
            }
        });
        while (counter.get() == 0) Thread.sleep(1);
        long handoffsBefore = Gmp.snapshot().totals().handoffs();
        long[] during = new long[2];
        Thread caller = Gmp.go(() -> {
            try {
                Gmp.syscall(() -> {
                    during[0] = counter.get();
                    NativeSleep.usleep(200_000);
                    during[1] = counter.get();
                    return null;
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(caller.join(Duration.ofSeconds(30)));
        stop.set(true);
        assertTrue(counting.join(Duration.ofSeconds(10)));
        assertTrue(during[1] > during[0], "counter stood still during the native call: " + during[0]);
        assertTrue(Gmp.snapshot().totals().handoffs() > handoffsBefore, "no handoff recorded");
    }

    @Test
    void shortSyscallsTakeTheFastPathWithoutHandoff() throws Exception {
        Gmp.gomaxprocs(1);
        int calls = 5_000;
        Snapshot before = Gmp.snapshot();
        Thread caller = Gmp.go(() -> {
            for (int i = 0; i < calls; i++) {
                Gmp.entersyscall();
                long end = System.nanoTime() + 1_000;
                while (System.nanoTime() < end) Thread.onSpinWait();
                Gmp.exitsyscall();
            }
        });
        assertTrue(caller.join(Duration.ofSeconds(30)));
        Snapshot after = Gmp.snapshot();
        assertEquals(calls, after.totals().syscalls() - before.totals().syscalls());
        long handoffs = after.totals().handoffs() - before.totals().handoffs();
        assertTrue(handoffs < calls / 100, handoffs + " handoffs for " + calls + " 1-us syscalls");
    }

    @Test
    void syscallRethrowsTheCallablesExceptionUnchanged() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        java.io.IOException original = new java.io.IOException("disk on fire");
        Thread t = Gmp.go(() -> {
            try {
                Gmp.syscall(() -> {
                    throw original;
                });
            } catch (Exception e) {
                thrown.set(e);
            }
        });
        assertTrue(t.join(Duration.ofSeconds(10)));
        assertSame(original, thrown.get());
        assertEquals(42, Gmp.syscall(() -> 42), "outside a goroutine it just calls");
    }

    @Test
    void manyGoroutinesInSyscallsAllCompleteAndTheExtraMsGoIdleAfterwards() throws Exception {
        Gmp.gomaxprocs(2);
        int n = 40;
        long handoffsBefore = Gmp.snapshot().totals().handoffs();
        CountDownLatch done = new CountDownLatch(n);
        for (int i = 0; i < n; i++) {
            Gmp.go(() -> {
                try {
                    Gmp.syscall(() -> {
                        NativeSleep.usleep(100_000);
                        return null;
                    });
                } catch (Exception e) {
                    throw new AssertionError(e);
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(60, TimeUnit.SECONDS), "still in syscalls: " + done.getCount());
        Snapshot s = Gmp.snapshot();
        // Ms beyond the 2 Ps ran the Gs while others blocked (idle Ms left by earlier tests count too).
        assertTrue(s.machines().size() > 2, "no M beyond the Ps: " + s.machines().size());
        assertTrue(s.totals().handoffs() > handoffsBefore, "no P was handed to another M during the calls");
        assertTrue(s.totals().retakes() > 0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            s = Gmp.snapshot();
            long busy = s.machines().stream().filter(m -> m.state() != Snapshot.MachineState.IDLE).count();
            if (busy == 0) break;
            assertTrue(System.nanoTime() < deadline, "Ms did not go idle: " + s.machines());
            Thread.sleep(10);
        }
    }

    @Test
    void aCpuBoundGoroutineThatChecksForPreemptionLetsAnotherRunOnTheSameP() throws Exception {
        Gmp.gomaxprocs(1);
        AtomicBoolean otherRan = new AtomicBoolean();
        long detectionsBefore = Gmp.snapshot().totals().longRunning();
        AtomicLong loops = new AtomicLong();
        Thread spinner = Gmp.go(() -> {
            Gmp.go(() -> otherRan.set(true));
            // Never parks or yields by itself: only checkPreempt can give the P away.
            while (!otherRan.get() && loops.incrementAndGet() < 20_000_000_000L) {
                Gmp.checkPreempt();
            }
        });
        assertTrue(spinner.join(Duration.ofSeconds(60)));
        assertTrue(otherRan.get(), "the other goroutine never ran");
        assertTrue(Gmp.snapshot().totals().longRunning() > detectionsBefore, "sysmon never flagged the spinner");
    }
}

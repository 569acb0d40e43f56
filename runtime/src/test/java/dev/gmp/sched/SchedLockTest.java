package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.jdk.VirtualThreads;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import dev.gmp.testsupport.RestoredAfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A G never unmounts while waiting for the scheduler lock, so no P is ever left without an M. */
class SchedLockTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @BeforeEach
    void oneP() {
        Gmp.gomaxprocs(1);
    }

    private static M currentM() {
        return (M) VirtualThreads.currentCarrierThread();
    }

    @Test
    void exitsyscallWaitingLongForTheLockNeverUnmountsAndEndsOnAnMHoldingAP() throws Exception {
        Sched sched = Sched.get();
        AtomicBoolean retaken = new AtomicBoolean();
        AtomicBoolean returnFromSyscall = new AtomicBoolean();
        AtomicReference<String> after = new AtomicReference<>();
        Thread g = Gmp.go(() -> {
            M m = currentM();
            Gmp.entersyscall();
            P old = m.oldp;
            while (old.status() == P.SYSCALL) {
                Thread.onSpinWait(); // "in native code": sysmon retakes the P after 10 ms even with no work
            }
            retaken.set(true);
            while (!returnFromSyscall.get()) {
                Thread.onSpinWait();
            }
            Gmp.exitsyscall(); // its P is gone: it must take the idle P, through the held lock
            M now = currentM();
            P pp = now.p;
            after.set((now == m ? "same M" : "moved to " + now.getName()) + ", "
                    + (pp == null ? "no P" : pp.m == now ? "P owned by it" : "P owned by " + pp.m));
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!retaken.get()) {
            assertTrue(System.nanoTime() < deadline, "sysmon never retook the P of a G in a syscall");
            Thread.sleep(1);
        }
        sched.lock.lock(); // the contended path: far longer than the spins before a platform thread yields
        try {
            returnFromSyscall.set(true);
            Thread.sleep(100);
        } finally {
            sched.lock.unlock();
        }
        assertTrue(g.join(Duration.ofSeconds(10)), "the goroutine finished");
        // Had the G unmounted while spinning for the lock, exitsyscall would have thrown ("moved
        // ... while taking a P") and left nothing here. It may still end on another M the legal
        // way: when sysmon found no idle M to hand the retaken P to, it started a spinning M with
        // it, and if that M still holds the P when the lock frees, no P is idle, so the G yields
        // to the global queue and that M runs it (Go's exitsyscall slow path).
        String where = after.get();
        assertNotNull(where, "exitsyscall failed: the goroutine never recorded where it returned");
        assertTrue(where.equals("same M, P owned by it") || where.matches("moved to gmp-m-\\d+, P owned by it"), where);
        assertEveryRunningPHasItsM(sched);
    }

    /** After the Gs settle, a P that is not idle or dead is held by an M that holds it back. */
    static void assertEveryRunningPHasItsM(Sched sched) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        String lost;
        do {
            lost = null;
            for (P pp : sched.allp()) {
                M m = pp.m;
                if (pp.status() == P.RUNNING && (m == null || m.p != pp)) {
                    lost = pp + " is running with M " + m + (m == null ? "" : " holding " + m.p);
                }
            }
            if (lost == null) {
                return;
            }
            Thread.sleep(10);
        } while (System.nanoTime() < deadline);
        fail(lost);
    }

    @Test
    void unlockingALockThatIsNotHeldIsABrokenInvariant() {
        SpinLock lock = new SpinLock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::unlock);
        assertTrue(e.getMessage().contains("not held"), e.getMessage());
    }
}

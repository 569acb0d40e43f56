package dev.gmp.sched;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A G leaving a syscall whose P sysmon retook has no P for a moment, and whatever it waits for then
 * must not strand it or break the scheduler's books. Two ways it waited in the field: the lock of
 * the flight ring that Ms without a P share (a monitor once, so a G unmounted on it and resumed on
 * another M, and exitsyscall reported "goroutine moved" from the application's call), and any hook
 * in that window that unmounts the G. The syscall storm runs with each forced.
 */
class ExitsyscallWithoutAPTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @AfterEach
    void removeHook() {
        Syscalls.afterLeaveHookForTests = null;
    }

    @Test
    void exitsyscallWaitsForTheSharedRingWithoutLeavingItsM() throws Exception {
        SpinLock ringLock = Sched.get().flightWithoutPLock;
        AtomicBoolean stop = new AtomicBoolean();
        Thread contender = Thread.ofPlatform().daemon().name("ring-contender").start(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                ringLock.lock();
                try {
                    spin(random.nextLong(100_000));
                } finally {
                    ringLock.unlock();
                }
                LockSupport.parkNanos(random.nextLong(50_000));
            }
        });
        try {
            System.out.println("syscall storm, shared ring contended: " + new SyscallStorm(48, 25, 4).run());
        } finally {
            stop.set(true);
            contender.join();
        }
    }

    @Test
    void aGoroutineThatUnmountsWhileLeavingARetakenSyscallCarriesOnWhereverItResumes() throws Exception {
        Object monitor = new Object();
        AtomicBoolean stop = new AtomicBoolean();
        // Held most of the time, so a G entering it usually finds it taken and unmounts (JDK 24+).
        Thread holder = Thread.ofPlatform().daemon().name("monitor-holder").start(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                synchronized (monitor) {
                    LockSupport.parkNanos(random.nextLong(300_000));
                }
                LockSupport.parkNanos(random.nextLong(30_000));
            }
        });
        Syscalls.afterLeaveHookForTests = () -> {
            if (Thread.currentThread().isVirtual()) {
                synchronized (monitor) {
                    Thread.onSpinWait();
                }
            }
        };
        try {
            System.out.println("syscall storm, Gs unmounting in exitsyscall: " + new SyscallStorm(48, 25, 4).run());
        } finally {
            Syscalls.afterLeaveHookForTests = null;
            stop.set(true);
            holder.join();
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}

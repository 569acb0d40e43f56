package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.Snapshot;
import dev.gmp.testsupport.NativeSleep;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A syscall storm: many goroutines enter and leave bracketed calls (Gmp.entersyscall/exitsyscall)
 * around CPU spins of 0–2 ms, native usleeps of 0–2 ms, timed parks (the G unmounts inside the
 * bracket and closes it on whichever M resumes it) and nested brackets, while a platform thread
 * resizes GOMAXPROCS and sysmon retakes the Ps of the calls. Every call returns, every goroutine
 * ends, nothing hangs, and the scheduler's invariants hold afterwards. (Checking after each
 * exitsyscall that the P taken back names its M as holder fails here in every run: see
 * {@link ExitsyscallTakesBackARetakenPTest}.)
 *
 * <p>Public, with a {@code main}, so the same storm runs in a forked JVM with a small thread limit.
 */
public final class SyscallStorm {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private final int goroutines;
    private final int callsEach;
    private final int maxProcs;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    public SyscallStorm(int goroutines, int callsEach, int maxProcs) {
        this.goroutines = goroutines;
        this.callsEach = callsEach;
        this.maxProcs = maxProcs;
    }

    /** Runs the storm, checks the books and the invariants; returns the snapshot totals' change. */
    public String run() throws InterruptedException {
        SchedulerInvariants invariants = SchedulerInvariants.mark();
        int procsBefore = Gmp.gomaxprocs();
        Snapshot.Totals before = Gmp.snapshot().totals();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger resizes = new AtomicInteger();
        Thread resizer = Thread.ofPlatform().daemon().name("resizer").start(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (!stop.get()) {
                Gmp.gomaxprocs(1 + random.nextInt(maxProcs));
                resizes.incrementAndGet();
                LockSupport.parkNanos(random.nextLong(5_000_000));
            }
        });
        CountDownLatch ended = new CountDownLatch(goroutines);
        for (int i = 0; i < goroutines; i++) {
            Gmp.go(() -> {
                try {
                    for (int k = 0; k < callsEach; k++) {
                        oneCall(ThreadLocalRandom.current());
                        calls.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    ended.countDown();
                }
            });
        }
        try {
            SchedulerInvariants.await(ended, LIMIT, "goroutines in the syscall storm");
        } finally {
            stop.set(true);
            SchedulerInvariants.join(resizer, LIMIT, "the resizer");
            Gmp.gomaxprocs(procsBefore);
        }
        if (failure.get() != null) {
            throw new AssertionError("a goroutine of the storm failed", failure.get());
        }
        assertEquals((long) goroutines * callsEach, calls.get(), "calls completed");
        invariants.assertHold();
        Snapshot.Totals after = Gmp.snapshot().totals();
        long retakes = after.retakes() - before.retakes();
        assertTrue(retakes > 0, "sysmon retook no P: the storm did not exercise handoff");
        return calls.get() + " calls, " + resizes.get() + " resizes, " + (after.syscalls() - before.syscalls())
                + " syscalls counted, " + retakes + " retakes, " + (after.handoffs() - before.handoffs()) + " handoffs, "
                + Gmp.snapshot().machines().size() + " Ms, " + (after.threadLimitHits() - before.threadLimitHits())
                + " thread-limit hits";
    }

    private static void oneCall(ThreadLocalRandom random) {
        switch (random.nextInt(4)) {
            case 0 -> bracket(() -> spin(random.nextLong(2_000_000)));
            case 1 -> bracket(() -> NativeSleep.usleep(random.nextInt(2_000)));
            case 2 -> bracket(() -> LockSupport.parkNanos(random.nextLong(1_000_000))); // unmounts inside the call
            default -> bracket(() -> {
                bracket(() -> NativeSleep.usleep(random.nextInt(1_000))); // nested: only the outer pair acts
                spin(random.nextLong(200_000));
            });
        }
    }

    private static void bracket(Runnable call) {
        Gmp.entersyscall();
        try {
            call.run();
        } finally {
            Gmp.exitsyscall();
        }
    }

    private static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** args: goroutines, calls each, largest GOMAXPROCS. Prints one RESULT line. */
    public static void main(String[] args) throws Exception {
        SyscallStorm storm = new SyscallStorm(Integer.parseInt(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        System.out.println("RESULT storm passed: " + storm.run());
    }
}

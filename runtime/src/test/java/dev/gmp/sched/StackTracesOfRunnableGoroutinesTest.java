package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Thread.getStackTrace()} of a virtual thread that waits in a run queue (yielded, or
 * unparked and not yet run) suspends it, reads its stack, and submits it to its scheduler again:
 * the JDK does so in case it was readied meanwhile, so the G is submitted while it is already
 * queued. Watchdogs, thread dumps and the dashboard read stacks at any time. Every goroutine
 * still runs its work exactly as often as asked, and the scheduler stays consistent.
 */
class StackTracesOfRunnableGoroutinesTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @ParameterizedTest(name = "procs={0}")
    @ValueSource(ints = {1, 2, 4})
    void stackTracesTakenWhileGoroutinesYieldAndParkLeaveTheSchedulerConsistent(int procs) throws Exception {
        Gmp.gomaxprocs(procs);
        SchedulerInvariants invariants = SchedulerInvariants.mark();
        int n = 48, rounds = 5_000;
        AtomicLong work = new AtomicLong();
        Object monitor = new Object();
        List<Thread> goroutines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int kind = i % 3;
            goroutines.add(Gmp.go(() -> {
                for (int r = 0; r < rounds; r++) {
                    switch (kind) {
                        case 0 -> Thread.yield();
                        case 1 -> LockSupport.parkNanos(1_000);
                        default -> {
                            synchronized (monitor) {
                                Thread.yield();
                            }
                        }
                    }
                    work.incrementAndGet();
                }
            }));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong stacks = new AtomicLong();
        List<Thread> readers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            readers.add(Thread.ofPlatform().start(() -> {
                while (!stop.get()) {
                    for (Thread g : goroutines) {
                        g.getStackTrace();
                        stacks.incrementAndGet();
                    }
                }
            }));
        }
        try {
            for (Thread g : goroutines) {
                assertTrue(g.join(Duration.ofSeconds(60)), () -> "hung: " + g + " in " + List.of(g.getStackTrace()));
            }
        } finally {
            stop.set(true);
            for (Thread r : readers) {
                r.join();
            }
        }
        assertEquals((long) n * rounds, work.get());
        assertTrue(stacks.get() > n, "the readers read " + stacks.get() + " stacks");
        invariants.assertHold();
    }
}

package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sysmon polls every 20 µs only when a syscall needs prompt checks: after it retook a P, as Go's
 * does, and after one began while it napped. Ps idling and waking again
 * (a server between requests) leave it at the pace it backed off to.
 */
class SysmonPacingTest {
    /** One of sysmon's ticks: when, and the delay between checks it was at. */
    private record Tick(long nanos, long pace) {}

    /** Appended by sysmon only. */
    private final List<Tick> ticks = new ArrayList<>();

    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @BeforeEach
    void recordTicks() {
        Sysmon sysmon = Sched.get().sysmon();
        Sysmon.tickHookForTests = () -> {
            synchronized (ticks) {
                ticks.add(new Tick(System.nanoTime(), sysmon.pace()));
            }
        };
    }

    @AfterEach
    void stopRecordingTicks() {
        Sysmon.tickHookForTests = null;
    }

    @Test
    void aPLeavingTheIdleListEndsADeepSleepButKeepsThePace() throws Exception {
        Gmp.gomaxprocs(1);
        Sysmon sysmon = Sched.get().sysmon();
        AtomicBoolean stop = new AtomicBoolean();
        Thread busy = startShortSlices(stop);
        try {
            awaitTrue(sysmon::isNapping, "sysmon never napped beside a G running short slices");
        } finally {
            stop.set(true);
        }
        assertTrue(busy.join(Duration.ofSeconds(30)));
        awaitTrue(sysmon::isInDeepSleep, "every P idle, and sysmon never slept deeply");
        long woken = System.nanoTime();
        Thread request = Gmp.go(() -> { // a server's next request after a lull: a P leaves the idle list
            long until = System.nanoTime() + 20_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        });
        assertTrue(request.join(Duration.ofSeconds(30)));
        awaitTrue(() -> !ticksAfter(woken).isEmpty(), "sysmon never ticked while a G ran 20 ms after the lull");
        // Going back to 20 µs after each lull had sysmon at 7-10 % of a CPU on a server whose Ps
        // idle between requests; only a retake or a syscall calls for that pace.
        long pace = ticksAfter(woken).get(0).pace();
        assertTrue(pace >= Sysmon.NAP_NANOS, "sysmon's pace after the lull: " + pace + " ns");
    }

    @Test
    void aSyscallThatBeginsWhileSysmonNapsEndsTheNapAndSetsItsPaceTo20Microseconds() throws Exception {
        Gmp.gomaxprocs(1);
        Sysmon sysmon = Sched.get().sysmon();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong busyRounds = new AtomicLong();
        Thread busy = startShortSlices(stop, busyRounds);
        AtomicBoolean release = new AtomicBoolean();
        AtomicLong began = new AtomicLong();
        Thread caller;
        try {
            awaitTrue(sysmon::isNapping, "sysmon never napped beside a G running short slices");
            caller = Gmp.go(() -> {
                Gmp.entersyscall(); // holds the only P, with the busy G queued behind it
                began.set(System.nanoTime());
                while (!release.get()) {
                    Thread.onSpinWait();
                }
                Gmp.exitsyscall();
            });
            awaitTrue(() -> began.get() != 0, "the caller never entered its syscall");
            long roundsInCall = busyRounds.get();
            awaitTrue(() -> busyRounds.get() > roundsInCall + 2, "the busy G never ran again: the P was not retaken");
        } finally {
            release.set(true);
            stop.set(true);
        }
        assertTrue(caller.join(Duration.ofSeconds(30)) && busy.join(Duration.ofSeconds(30)));
        List<Tick> after = ticksAfter(began.get());
        assertTrue(!after.isEmpty(), "no sysmon tick after the syscall began");
        // Without the wake-up sysmon would see the call at its nap's end, still at its 5 ms pace,
        // and look again only a nap later; the call ended the nap and set the pace to 20 µs.
        assertEquals(Sysmon.MIN_DELAY_NANOS, after.get(0).pace(), "sysmon's pace at its first tick after the call began");
    }

    /** A G running 100 µs slices until {@code stop}: no syscalls, nothing for sysmon to do, so it backs off to naps. */
    private static Thread startShortSlices(AtomicBoolean stop) {
        return startShortSlices(stop, new AtomicLong());
    }

    private static Thread startShortSlices(AtomicBoolean stop, AtomicLong rounds) {
        return Gmp.go(() -> {
            while (!stop.get()) {
                long until = System.nanoTime() + 100_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                rounds.incrementAndGet();
                Thread.yield();
            }
        });
    }

    private List<Tick> ticksAfter(long nanos) {
        synchronized (ticks) {
            return ticks.stream().filter(t -> t.nanos() - nanos > 0).toList();
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void awaitTrue(Condition condition, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.holds()) {
            assertTrue(System.nanoTime() < deadline, failure);
            Thread.sleep(0, 100_000);
        }
    }
}

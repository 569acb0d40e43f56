package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.jdk.VirtualThreads;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The P an M takes back in exitsyscall may have lived a life meanwhile: sysmon retook it from this
 * M's syscall, handed it to another M, whose G then entered a syscall of its own, leaving it in
 * SYSCALL again. The first M's CAS SYSCALL -> RUNNING then succeeds (as in Go, which allows that
 * "reacquire"), and the P must then name its new holder: Go's exitsyscallfast wires the P to the M
 * ({@code wirep}: pp.m = m). The syscall storm ({@link SyscallStorm}) meets this in every run.
 *
 * <p>Scenario: G1 enters a syscall on M1 and spins until sysmon retakes its P; G2, started from
 * this platform thread, runs on that P on M2 and enters a syscall; G1 then exits its syscall.
 */
class ExitsyscallTakesBackARetakenPTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    /**
     * A play counts only when G2 lands on the P G1 left, which the idle list usually but not always
     * gives it; on a loaded machine (a full build on 2 cores) 10 attempts once all missed. Each
     * attempt costs about one retake (10-20 ms), and the test stops at the first that counts.
     */
    private static final int ATTEMPTS = 40;

    @BeforeEach
    void twoPs() {
        Gmp.gomaxprocs(2);
    }

    private static M currentM() {
        return (M) VirtualThreads.currentCarrierThread();
    }

    /** G1 and G2 of one play of the scenario; {@code played} is false when G2 did not run on G1's P (or afterExit declined). */
    private record Aba(Thread g1, Thread g2, AtomicBoolean played) {}

    /**
     * Plays the scenario with two Ps, the other one idle: sysmon then leaves a short syscall its P
     * for 10 ms (no work waits and a P is idle), long enough for G1 to exit while G2 is in its call.
     * G1 writes what it holds after its exitsyscall to {@code holderAfterExit} (null when its P
     * names it as holder), then runs {@code afterExit} with its P (false: this play does not count);
     * G2 stays in its syscall until {@code g2MayExit}.
     */
    private static Aba reacquireAPThatAnotherMsSyscallLeft(AtomicReference<String> holderAfterExit, AtomicBoolean g2MayExit,
            Predicate<P> afterExit) throws InterruptedException {
        AtomicReference<P> home = new AtomicReference<>();
        AtomicBoolean retaken = new AtomicBoolean();
        AtomicBoolean g2InSyscall = new AtomicBoolean();
        AtomicBoolean played = new AtomicBoolean(true);
        Thread g1 = Gmp.go(() -> {
            P old = currentM().p;
            home.set(old);
            Gmp.entersyscall();
            while (old.status() == P.SYSCALL) {
                Thread.onSpinWait(); // "in native code": after 10 ms sysmon retakes the P, which goes idle
            }
            retaken.set(true);
            while (!g2InSyscall.get() && played.get()) {
                Thread.onSpinWait();
            }
            Gmp.exitsyscall(); // its P is in SYSCALL again, for G2's call: the CAS takes it
            M now = currentM();
            P pp = now.p;
            holderAfterExit.set(pp != null && pp.m == now ? null : now.getName() + " holds " + pp
                    + ", whose holder is " + (pp == null || pp.m == null ? "nobody" : pp.m.getName()));
            if (played.get() && !afterExit.test(old)) {
                played.set(false);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!retaken.get()) {
            assertTrue(System.nanoTime() < deadline, "sysmon never retook the P of a G in a syscall");
            Thread.sleep(1);
        }
        Thread g2 = Gmp.go(() -> {
            if (currentM().p != home.get()) { // it went last onto the idle list: it is usually taken first
                played.set(false);
                return;
            }
            Gmp.entersyscall();
            g2InSyscall.set(true);
            while (!g2MayExit.get()) {
                Thread.onSpinWait();
            }
            Gmp.exitsyscall();
        });
        return new Aba(g1, g2, played);
    }

    @Test
    void aPTakenBackInExitsyscallNamesTheMThatTookIt() throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) { // sysmon may retake G2's P before G1 exits: no ABA then
            AtomicReference<String> holder = new AtomicReference<>("G1 never got past exitsyscall");
            AtomicBoolean g2MayExit = new AtomicBoolean();
            Aba aba = reacquireAPThatAnotherMsSyscallLeft(holder, g2MayExit, home -> true);
            SchedulerInvariants.join(aba.g1(), Duration.ofSeconds(10), "G1");
            String wrongHolder = holder.get();
            g2MayExit.set(true);
            SchedulerInvariants.join(aba.g2(), Duration.ofSeconds(10), "G2");
            if (aba.played().get()) {
                assertNull(wrongHolder, "attempt " + attempt);
                return;
            }
        }
        fail("in " + ATTEMPTS + " attempts G1 and G2 never both ran on the same P");
    }

    @Test
    void aGoroutineThatReacquiredItsPThatWayIsStillPreemptedForOthers() throws Exception {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            AtomicReference<String> holder = new AtomicReference<>();
            CountDownLatch g2Done = new CountDownLatch(1);
            AtomicBoolean starved = new AtomicBoolean();
            AtomicBoolean g2MayExit = new AtomicBoolean();
            Aba aba = reacquireAPThatAnotherMsSyscallLeft(holder, g2MayExit, home -> {
                if (home.id != 0) {
                    g2MayExit.set(true);
                    return false; // shrinking to one P would preempt us for dying, not for G2
                }
                Gmp.gomaxprocs(1); // P1 dies: no P for G2 when it leaves its call
                g2MayExit.set(true); // G2 leaves its syscall: its P is gone, so it waits in the global queue
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                while (g2Done.getCount() > 0) { // CPU-bound, but offering a safe point: sysmon must preempt us
                    Gmp.checkPreempt();
                    if (System.nanoTime() > deadline) {
                        starved.set(true);
                        break;
                    }
                }
                return true;
            });
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    aba.g2().join();
                    g2Done.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            SchedulerInvariants.join(aba.g1(), Duration.ofSeconds(10), "G1");
            SchedulerInvariants.join(aba.g2(), Duration.ofSeconds(10), "G2");
            if (!aba.played().get()) {
                Gmp.gomaxprocs(2);
                continue;
            }
            assertFalse(starved.get(), "attempt " + attempt + ": G2 waited 2 s in the global queue while G1 spun through"
                    + " checkPreempt on the only P (" + holder.get() + ")");
            return;
        }
        fail("in " + ATTEMPTS + " attempts G1 and G2 never both ran on the same P");
    }
}

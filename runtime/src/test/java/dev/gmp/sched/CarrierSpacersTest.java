package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each new M is preceded by two parked daemon threads that keep its JVM thread handles off the next
 * M's cache lines (see CarrierSpacers); spacing never costs an M its start.
 */
class CarrierSpacersTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private static final AtomicInteger ids = new AtomicInteger(1_000_000); // ids no scheduler M has

    @AfterEach
    void removeHooks() {
        CarrierSpacers.startsToFailForTests.set(0);
    }

    @Test
    void anMIsPrecededByTwoDaemonThreadsThatOnlyPark() throws Exception {
        M m = unstartedM();
        new CarrierSpacers(true).before(m);
        List<Thread> spacers = spacersOf(m);
        assertEquals(2, spacers.size(), "spacers of " + m.getName() + ": " + spacers);
        for (Thread spacer : spacers) {
            assertTrue(spacer.isDaemon(), spacer + " must not keep the JVM alive");
            awaitState(spacer, Thread.State.WAITING);
        }
    }

    @Test
    void offMakesNoSpacers() {
        M m = unstartedM();
        new CarrierSpacers(false).before(m);
        assertEquals(List.of(), spacersOf(m));
    }

    @Test
    void onlyTheFirstMsAreSpaced() {
        CarrierSpacers spacers = new CarrierSpacers(true, 1);
        M first = unstartedM(), second = unstartedM();
        spacers.before(first);
        spacers.before(second);
        assertEquals(2, spacersOf(first).size());
        assertEquals(List.of(), spacersOf(second), "beyond the cap Ms go without");
    }

    @Test
    void aSpacerThatCannotStartThrowsNothingAndEndsTheSpacing() {
        CarrierSpacers spacers = new CarrierSpacers(true);
        CarrierSpacers.startsToFailForTests.set(1);
        M refused = unstartedM(), later = unstartedM();
        assertDoesNotThrow(() -> spacers.before(refused));
        assertEquals(List.of(), spacersOf(refused));
        spacers.before(later);
        assertEquals(List.of(), spacersOf(later), "after a refused thread no spacer is tried again: Ms may need the threads");
    }

    /** The scheduler spaces the Ms it makes: goroutines holding Ms in system calls make it start new ones. */
    @Test
    void theSchedulerSpacesEachNewM() throws Exception {
        assumeTrue(Runtime.getRuntime().availableProcessors() > 1, "on one CPU the scheduler makes no spacers");
        Gmp.gomaxprocs(2);
        Sched sched = Sched.get();
        long before = sched.allm.stream().mapToLong(m -> m.id).max().orElse(0);
        GoroutinesInSyscalls.holdAtOnceThenRelease(sched.allm.size() + 2, "the scheduler could not start Ms");
        List<M> made = sched.allm.stream().filter(m -> m.id > before).toList();
        assertFalse(made.isEmpty(), "the goroutines in system calls made new Ms");
        for (M m : made) {
            assertEquals(2, spacersOf(m).size(), () -> "spacers of " + m.getName());
        }
    }

    private static M unstartedM() {
        return new M(Sched.get(), ids.incrementAndGet(), null, false);
    }

    private static List<Thread> spacersOf(M m) {
        String prefix = CarrierSpacers.NAME_PREFIX + m.id + "-";
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).toList();
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != state) {
            assertTrue(System.nanoTime() < deadline, thread + " is " + thread.getState() + ", not " + state);
            Thread.sleep(1);
        }
    }
}

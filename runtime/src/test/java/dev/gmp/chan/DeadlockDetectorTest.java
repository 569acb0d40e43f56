package dev.gmp.chan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.GoroutineGroup;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The detector's decision rules, fed scripted readings: when it must report, and when it must not. */
class DeadlockDetectorTest {

    /** A probe that returns scripted readings in order, then repeats the last one. */
    private static final class ScriptedProbe implements DeadlockDetector.Probe {
        final Deque<DeadlockDetector.Evidence> readings = new ArrayDeque<>();
        List<GoroutineGroup> dump = List.of();
        int dumps;
        /** An application thread outside the goroutines that can act, or null. */
        String actor;

        ScriptedProbe then(DeadlockDetector.Evidence e) {
            readings.addLast(e);
            return this;
        }

        @Override
        public DeadlockDetector.Evidence look() {
            return readings.size() > 1 ? readings.removeFirst() : readings.peekFirst();
        }

        @Override
        public List<GoroutineGroup> goroutines() {
            dumps++;
            return dump;
        }

        @Override
        public String threadThatCanAct() {
            return actor;
        }
    }

    /** {@code parked} Gs parked after {@code parks} parks, {@code live} Gs live. */
    private static DeadlockDetector.Evidence reading(long parks, long parked, long live, long others, long timers) {
        return new DeadlockDetector.Evidence(new ParkedCounts.Sample(parks, parks - parked, others, 0), live, timers);
    }

    private static GoroutineGroup waiting(int count, String reason) {
        return new GoroutineGroup(count, "waiting", reason, List.of("frame"), List.of());
    }

    @Test
    void reportsAfterTwoIdenticalReadingsAndADumpThatAgrees() {
        ScriptedProbe probe = new ScriptedProbe().then(reading(10, 3, 3, 0, 0));
        probe.dump = List.of(waiting(2, "chan receive"), waiting(1, "select"));
        DeadlockDetector detector = new DeadlockDetector(probe);
        assertNull(detector.check(), "one reading is not enough");
        String report = detector.check();
        assertNotNull(report);
        assertTrue(report.startsWith(DeadlockDetector.FATAL + "\n\n"), report);
        assertTrue(report.contains("chan receive") && report.contains("select"), report);
    }

    @Test
    void countersThatMovedBetweenReadingsRestartTheConfirmation() {
        ScriptedProbe probe = new ScriptedProbe()
                .then(reading(10, 3, 3, 0, 0))
                .then(reading(12, 3, 3, 0, 0)) // two parks and two wake-ups happened in between
                .then(reading(12, 3, 3, 0, 0));
        probe.dump = List.of(waiting(3, "chan send"));
        DeadlockDetector detector = new DeadlockDetector(probe);
        assertNull(detector.check());
        assertNull(detector.check(), "activity between readings must not count as a deadlock");
        assertNotNull(detector.check());
    }

    @Test
    void aGoroutineOutsideGmpPrimitivesMeansNoDeadlock() {
        // 3 live, 2 parked in gmp: the third sleeps, does I/O or waits on a lock.
        ScriptedProbe probe = new ScriptedProbe().then(reading(10, 2, 3, 0, 0));
        DeadlockDetector detector = new DeadlockDetector(probe);
        for (int i = 0; i < 5; i++) {
            assertNull(detector.check());
        }
        assertEquals(0, probe.dumps, "counters alone rule it out");
    }

    @Test
    void aPendingTimerMeansNoDeadlock() {
        DeadlockDetector detector = new DeadlockDetector(new ScriptedProbe().then(reading(10, 3, 3, 0, 1)));
        for (int i = 0; i < 5; i++) {
            assertNull(detector.check());
        }
    }

    @Test
    void aPlatformThreadParkedInAGmpPrimitiveIsAsleepToo() {
        ScriptedProbe probe = new ScriptedProbe().then(reading(10, 3, 3, 1, 0)); // one other thread parked
        probe.dump = List.of(waiting(3, "chan receive"));
        DeadlockDetector detector = new DeadlockDetector(probe);
        assertNull(detector.check());
        assertNotNull(detector.check());
    }

    @Test
    void anApplicationThreadThatCanStillActVetoesTheReport() {
        ScriptedProbe probe = new ScriptedProbe().then(reading(10, 1, 1, 0, 0));
        probe.dump = List.of(waiting(1, "chan receive"));
        probe.actor = "main";
        DeadlockDetector detector = new DeadlockDetector(probe);
        for (int i = 0; i < 5; i++) {
            assertNull(detector.check(), "main sleeps, then sends");
        }
        probe.actor = null;
        assertNotNull(detector.check(), "once main cannot act either, every thread is asleep");
    }

    @Test
    void aDumpThatDisagreesVetoesTheReport() {
        ScriptedProbe probe = new ScriptedProbe().then(reading(10, 2, 2, 0, 0));
        probe.dump = List.of(waiting(1, "chan receive"), waiting(1, "sleep"));
        DeadlockDetector detector = new DeadlockDetector(probe);
        for (int i = 0; i < 5; i++) {
            assertNull(detector.check());
        }
        probe.dump = List.of(waiting(1, "chan receive"));
        assertNull(detector.check(), "the dump shows fewer Gs than are live");
        probe.dump = List.of(new GoroutineGroup(2, "runnable", "", List.of(), List.of()));
        assertNull(detector.check());
    }

    @Test
    void countersMovingDuringTheDumpVetoTheReport() {
        ScriptedProbe probe = new ScriptedProbe()
                .then(reading(10, 2, 2, 0, 0))
                .then(reading(10, 2, 2, 0, 0))
                .then(reading(11, 2, 2, 0, 0)); // read again after the dump
        probe.dump = List.of(waiting(2, "chan receive"));
        DeadlockDetector detector = new DeadlockDetector(probe);
        assertNull(detector.check());
        assertNull(detector.check());
    }

    @Test
    void aDeadlockIsReportedOnceAndClearedWhenSomethingMoves() {
        ScriptedProbe probe = new ScriptedProbe().then(reading(10, 2, 2, 0, 0)).then(reading(10, 2, 2, 0, 0))
                .then(reading(10, 2, 2, 0, 0)).then(reading(10, 2, 2, 0, 0)).then(reading(10, 2, 2, 0, 0))
                .then(reading(11, 1, 2, 0, 0)); // a platform thread woke one G
        probe.dump = List.of(waiting(2, "sync.WaitGroup.Wait"));
        DeadlockDetector detector = new DeadlockDetector(probe);
        assertNull(detector.check());
        assertNotNull(detector.check());
        assertTrue(detector.currentReport().startsWith(DeadlockDetector.FATAL));
        assertNull(detector.check(), "printed once");
        assertNull(detector.check(), "printed once");
        assertTrue(detector.currentReport().startsWith(DeadlockDetector.FATAL), "kept while nothing moves");
        assertNull(detector.check());
        assertEquals("", detector.currentReport(), "cleared once something moved");
    }

    @Test
    void noSchedulerNoReport() {
        DeadlockDetector detector = new DeadlockDetector(new ScriptedProbe()); // look() answers null
        assertNull(detector.check());
    }

    @Test
    void theModeIsParsedWithAClearErrorForBadValues() {
        assertEquals(DeadlockMode.REPORT, DeadlockMode.parse(null));
        assertEquals(DeadlockMode.REPORT, DeadlockMode.parse(" "));
        assertEquals(DeadlockMode.EXIT, DeadlockMode.parse("exit"));
        assertEquals(DeadlockMode.OFF, DeadlockMode.parse("OFF"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeadlockMode.parse("crash"));
        assertTrue(e.getMessage().contains("gmp.deadlock") && e.getMessage().contains("report, exit, off")
                && e.getMessage().contains("crash"), e.getMessage());
    }
}

package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.chan.DeadlockDetector;
import dev.gmp.testsupport.ForkedJvm;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's "all goroutines are asleep" report, end to end, in forked JVMs (so no other test's Gs can
 * hide or cause a deadlock, and so the exit mode can really exit).
 */
@Timeout(value = 240, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeadlockReportTest {

    @Test
    void exitModePrintsGosFatalErrorWithTheDumpAndExitsWithStatus2() throws Exception {
        ForkedJvm.Result out = fork("all-asleep", "exit");
        assertEquals(2, out.exitCode(), out.output());
        assertTrue(out.output().contains(DeadlockDetector.FATAL), out.output());
        for (String reason : List.of("[chan receive]", "[chan send]", "[sync.WaitGroup.Wait]", "[select]",
                "[select (no cases)]")) {
            assertTrue(out.output().contains(reason), "dump lacks " + reason + ":\n" + out.output());
        }
    }

    @Test
    void reportModePutsTheReportInTheSnapshotAndClearsItWhenAThreadGmpCannotSeeStepsIn() throws Exception {
        ForkedJvm.Result out = fork("report-and-recover", "report");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("REPORTED IN SNAPSHOT") && out.output().contains("CLEARED"), out.output());
        assertEquals(1, count(out.output(), DeadlockDetector.FATAL), "printed once:\n" + out.output());
    }

    @Test
    void gsWokenBySleepersTimersLocksOrParkedPlatformThreadsAreNeverReported() throws Exception {
        ForkedJvm.Result out = fork("near-misses", "exit");
        assertFalse(out.output().contains(DeadlockDetector.FATAL), out.output());
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("OK"), out.output());
    }

    @Test
    void aGoroutineWaitingForAPlatformThreadThatSleepsIsNotADeadlock() throws Exception {
        ForkedJvm.Result out = fork("main-sends-late", "exit");
        assertFalse(out.output().contains(DeadlockDetector.FATAL), out.output());
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("received late"), out.output());
    }

    private static ForkedJvm.Result fork(String scenario, String mode) throws Exception {
        return ForkedJvm.run(DeadlockScenarios.class,
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgmp.deadlock=" + mode, "-Xmx256m"),
                scenario);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gmp.chan.DeadlockDetector;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Go's "all goroutines are asleep" report, end to end, in forked JVMs (so no other test's Gs can
 * hide or cause a deadlock, and so the exit mode can really exit).
 */
class DeadlockReportTest {
    @TempDir
    Path dir;

    record Outcome(int exitCode, String stdout, String stderr) {}

    @Test
    void exitModePrintsGosFatalErrorWithTheDumpAndExitsWithStatus2() throws Exception {
        Outcome out = fork("all-asleep", "exit");
        assertEquals(2, out.exitCode(), out.toString());
        assertTrue(out.stderr().contains(DeadlockDetector.FATAL), out.stderr());
        for (String reason : List.of("[chan receive]", "[chan send]", "[sync.WaitGroup.Wait]", "[select]",
                "[select (no cases)]")) {
            assertTrue(out.stderr().contains(reason), "dump lacks " + reason + ":\n" + out.stderr());
        }
        assertFalse(out.stdout().contains(DeadlockScenarios.NOT_REPORTED));
    }

    @Test
    void reportModePutsTheReportInTheSnapshotAndClearsItWhenAPlatformThreadStepsIn() throws Exception {
        Outcome out = fork("report-and-recover", "report");
        assertEquals(0, out.exitCode(), out.toString());
        assertTrue(out.stdout().contains("REPORTED IN SNAPSHOT") && out.stdout().contains("CLEARED"), out.toString());
        assertEquals(1, count(out.stderr(), DeadlockDetector.FATAL), "printed once:\n" + out.stderr());
    }

    @Test
    void gsWokenBySleepersTimersLocksOrParkedPlatformThreadsAreNeverReported() throws Exception {
        Outcome out = fork("near-misses", "exit");
        assertFalse(out.stderr().contains(DeadlockDetector.FATAL), out.stderr());
        assertEquals(0, out.exitCode(), out.toString());
        assertTrue(out.stdout().contains("OK"), out.toString());
    }

    private Outcome fork(String scenario, String mode) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command()
                .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        Path stdout = dir.resolve(scenario + ".out");
        Path stderr = dir.resolve(scenario + ".err");
        Process p = new ProcessBuilder(java,
                "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgmp.deadlock=" + mode,
                "-Xmx256m",
                "-cp", System.getProperty("java.class.path"),
                DeadlockScenarios.class.getName(), scenario)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("forked JVM for " + scenario + " did not finish; stderr:\n" + Files.readString(stderr));
        }
        return new Outcome(p.exitValue(), Files.readString(stdout), Files.readString(stderr));
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}

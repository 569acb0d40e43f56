package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Runs the jcstress tests of package {@code dev.gmp.sched.jcstress} in jcstress's own forked JVMs.
 * Mode from {@code -Dgmp.jcstress.mode}: default "quick" for CI, in one JVM configuration (giving
 * jcstress JVM arguments turns off its sweep over interpreter/C1/C2 flag combinations, which would
 * take minutes); any other mode ("tough", "stress") also sweeps those configurations.
 */
class RunQueueJcstressTest {

    private static final Pattern RESULTS =
            Pattern.compile("Results: (\\d+) planned; (\\d+) passed, 0 failed, 0 soft errs, 0 hard errs");

    @Test
    void queueRacesHaveOnlyAcceptableOutcomes() throws Exception {
        String mode = System.getProperty("gmp.jcstress.mode", "quick");
        Path results = Files.createTempDirectory("gmp-jcstress");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"),
                "org.openjdk.jcstress.Main",
                "-t", "dev.gmp.sched.jcstress",
                "-m", mode,
                "-r", results.toString()));
        if (mode.equals("quick")) {
            command.addAll(List.of("-jvmArgs", "-Xmx256m"));
        }
        // In the temp dir: jcstress also drops a binary results file into its working directory.
        Process p = new ProcessBuilder(command).directory(results.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "jcstress hung");
        String tail = out.substring(Math.max(0, out.length() - 4000));
        assertEquals(0, p.exitValue(), tail);
        assertTrue(out.contains("Failed tests: No matches."), tail);
        assertTrue(out.contains("Error tests: No matches."), tail);
        String planned = null, passed = null;
        Matcher m = RESULTS.matcher(out);
        while (m.find()) { // the last progress line is the final count
            planned = m.group(1);
            passed = m.group(2);
        }
        assertNotNull(planned, tail);
        assertEquals(planned, passed, "not every planned configuration passed:\n" + tail);
        for (String test : List.of("OwnerGetVsSteal", "OwnerPutVsSteal", "TwoThieves", "RunnextGetVsSteal", "GlobalPutVsIdle", "GlobalPutVsIdleWhileTaking")) {
            assertTrue(Files.exists(results.resolve("dev.gmp.sched.jcstress." + test + ".html")), "jcstress did not run " + test);
        }
        deleteQuietly(results);
    }

    private static void deleteQuietly(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}

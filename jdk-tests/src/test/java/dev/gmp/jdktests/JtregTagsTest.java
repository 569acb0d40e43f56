package dev.gmp.jdktests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the runner reads from a jtreg test's comments. */
class JtregTagsTest {
    private static final Path SOURCE = Path.of("/jdk/test/jdk/java/lang/Thread/virtual/Parking.java");

    @Test
    void eachTestCommentIsATestWithItsOwnTagsAndRunLines() {
        String source = """
                /*
                 * Copyright notice, @author's e-mail kept out of the tags: someone@example.com
                 */

                /*
                 * @test id=default
                 * @summary Test virtual threads using park/unpark
                 * @requires vm.continuations
                 * @modules java.base/java.lang:+open jdk.management
                 * @library /test/lib
                 * @run junit Parking
                 */

                /**
                 * @test id=Xint
                 * @requires vm.continuations & vm.debug != true
                 * @run junit/othervm/timeout=300 -Xint
                 *      --add-opens java.base/java.util=ALL-UNNAMED Parking
                 * @run shell Parking.sh
                 */
                class Parking {}
                """;
        List<JtregTest> tests = JtregTags.parse(SOURCE, source);
        assertEquals(2, tests.size());

        JtregTest first = tests.get(0);
        assertEquals("default", first.id());
        assertEquals(List.of("vm.continuations"), first.requires());
        assertEquals(List.of("java.base/java.lang:+open", "jdk.management"), first.modules());
        assertEquals(List.of("/test/lib"), first.libraries());
        assertEquals(1, first.runs().size());
        RunLine plain = first.runs().get(0);
        assertTrue(plain.junit());
        assertEquals("Parking", plain.className());
        assertEquals(RunLine.DEFAULT_TIMEOUT_SECONDS, plain.timeoutSeconds());

        JtregTest second = tests.get(1);
        assertEquals(List.of("vm.continuations & vm.debug != true"), second.requires());
        assertEquals(List.of(), second.libraries(), "a test's tags are its own");
        RunLine continued = second.runs().get(0);
        assertEquals(300, continued.timeoutSeconds());
        assertEquals(List.of("-Xint", "--add-opens", "java.base/java.util=ALL-UNNAMED"), continued.vmOptions(),
                "an option may continue on the next line, and --add-opens takes the word after it");
        assertEquals("Parking", continued.className());
        assertEquals(List.of("shell Parking.sh"), second.skipped());
    }

    @Test
    void aMainLineKeepsItsArgumentsAndItsSystemProperties() {
        RunLine run = JtregTags.runLine("main/othervm -Djdk.virtualThreadScheduler.parallelism=1 -Xmx1g PingPong SQ 500000");
        assertFalse(run.junit());
        assertEquals("PingPong", run.className());
        assertEquals(List.of("SQ", "500000"), run.args());
        assertEquals("1", run.systemProperty("jdk.virtualThreadScheduler.parallelism"));
        assertNull(run.systemProperty("jdk.pollerMode"));
    }

    @Test
    void linesTheRunnerCannotExecuteAreNotRunLines() {
        assertNull(JtregTags.runLine("driver ExternalTest"));
        assertNull(JtregTags.runLine("compile Helper.java"));
        assertNull(JtregTags.runLine("main/othervm -Xint"), "no class to run");
    }
}

package dev.gmp.jdktests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A by-design failure excuses only itself: any other failure in the same run is a difference. */
class KnownDifferencesTest {
    @Test
    void onlyTheNamedTestsOfTheNamedFileAreByDesign() {
        assertTrue(KnownDifferences.byDesign("StackFrames.java",
                List.of("testStackTraceException(): org.opentest4j.AssertionFailedError: expected: <true> but was: <false>")).isPresent());
        assertEquals(Optional.empty(), KnownDifferences.byDesign("StackFrames.java",
                List.of("testStackTraceException(): AssertionFailedError", "testStackWalker(): AssertionFailedError")));
        assertEquals(Optional.empty(), KnownDifferences.byDesign("ThreadAPI.java", List.of("testStackTraceException(): x")));
        assertEquals(Optional.empty(), KnownDifferences.byDesign("StackFrames.java", List.of()),
                "a run that failed without naming a test (a crash, a hang) is never by design");
    }

    @Test
    void aMainTestIsByDesignOnlyWhenItsUncaughtExceptionIsTheNamedOne() {
        RunLine main = JtregTags.runLine("main/othervm jdk.jfr.threading.TestManyVirtualThreads");
        List<String> log = List.of("gmp: 2 procs",
                "Exception in thread \"main\" java.lang.RuntimeException: Expected 100000 events expected: 100058 but was: 100000",
                "\tat jdk.test.lib.Asserts.fail(Asserts.java:715)");
        List<String> failed = TestJvm.failedTests(main, "failed (exit 1)", log);
        assertEquals(1, failed.size());
        assertTrue(KnownDifferences.byDesign("TestManyVirtualThreads.java", failed).isPresent());

        List<String> other = TestJvm.failedTests(main, "failed (exit 1)",
                List.of("Exception in thread \"main\" java.lang.AssertionError: not a virtual thread"));
        assertEquals(Optional.empty(), KnownDifferences.byDesign("TestManyVirtualThreads.java", other));
        assertEquals(List.of(), TestJvm.failedTests(main, "timed out", log), "a hang is never by design");
    }
}

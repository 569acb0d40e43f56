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
}

package dev.gmp.jdktests;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * JDK tests that check the JDK scheduler's own implementation rather than virtual threads' contract,
 * or assume nothing else in the JVM records JFR events, and so fail under gmp's agent: each named
 * with the reason (README, Limits). A run of such a
 * test counts as a difference only when something else in it failed too.
 */
final class KnownDifferences {
    private KnownDifferences() {}

    private static final String ALL_EVENTS_COUNTED =
            TestJvm.UNCAUGHT_IN_MAIN + "java.lang.RuntimeException: Expected 100000 events expected: ";
    private static final String GMP_EVENTS_RECORDED = "a recording without settings also holds gmp's always-on events"
            + " (gmp.SchedulerSample, gmp.RunQueueSample, gmp.Handoff), and the test counts every event";

    /**
     * By test file: the failing tests that are by design (the start of a JUnit test's display name,
     * or of a main test's uncaught exception), and why.
     */
    private static final Map<String, Map<String, String>> BY_DESIGN = Map.of(
            "StackFrames.java", Map.of("testStackTraceException()",
                    "-XX:+ShowCarrierFrames shows gmp's M frames, and the test looks for ForkJoinPool's"),
            "YieldQueuing.java", Map.of("testYieldWithNonEmptyLocalQueue()",
                    "a yield goes behind its P's queue, as Go's Gosched does, not in ForkJoinPool's order"),
            // A Recording without settings records every custom event enabled by default: gmp's
            // always-on grade is (README, JFR events), so the count of all events is gmp's too.
            "TestManyVirtualThreads.java", Map.of(ALL_EVENTS_COUNTED, GMP_EVENTS_RECORDED),
            "TestStringPoolVirtualThreadPinning.java", Map.of(ALL_EVENTS_COUNTED, GMP_EVENTS_RECORDED));

    /** Why every one of {@code failedTests} in {@code file} is by design, or empty when one is not (or none failed by name). */
    static Optional<String> byDesign(String file, List<String> failedTests) {
        Map<String, String> known = BY_DESIGN.getOrDefault(file, Map.of());
        if (failedTests.isEmpty()) return Optional.empty();
        StringBuilder why = new StringBuilder();
        for (String failed : failedTests) {
            Optional<String> reason = known.entrySet().stream().filter(e -> failed.startsWith(e.getKey())).map(Map.Entry::getValue).findFirst();
            if (reason.isEmpty()) return Optional.empty();
            if (why.indexOf(reason.get()) < 0) why.append(why.isEmpty() ? "" : "; ").append(reason.get());
        }
        return Optional.of(why.toString());
    }
}

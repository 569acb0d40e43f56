package dev.gmp.bench.workload;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class GoalTest {
    private static final double NONE = Double.NaN;

    @Test
    void ratioGoalsCompareGmpWithEachReference() {
        Goal skynet = Goal.ratios("≤ 0.5× JDK, ≤ 1.2× Go", 0.5, 1.2);
        assertEquals("met", skynet.verdict(500, 1000, 450));
        assertEquals("missed", skynet.verdict(600, 1000, 900), "over half the JDK's time");
        assertEquals("missed", skynet.verdict(500, 1000, 400), "over 1.2x Go's time");
        assertEquals("met vs JDK (no Go figure)", skynet.verdict(500, 1000, NONE));
        assertEquals("no JDK figure", skynet.verdict(500, NONE, 450));
    }

    @Test
    void absoluteGoalsIgnoreTheReferencesAndAcceptTheirNever() {
        Goal stall = Goal.atMost("≤ 1 ms", 1.0);
        assertEquals("met", stall.verdict(0.2, Double.POSITIVE_INFINITY, NONE));
        assertEquals("missed", stall.verdict(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, NONE));
        assertEquals("no gmp figure", stall.verdict(NONE, 3, NONE));
    }

    @Test
    void reportGoalsHaveNoVerdict() {
        assertEquals("report", Goal.report("report").verdict(1, 2, 3));
    }
}

package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Workloads;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsReportTest {
    private static final double NEVER = Double.POSITIVE_INFINITY;

    @Test
    void ratioIsGmpOverTheOtherWithTwoDecimals() {
        assertEquals("0.50", ResultsReport.ratio(1, 2, "JDK"));
        assertEquals("—", ResultsReport.ratio(Double.NaN, 2, "JDK"));
        assertEquals("→ 0 (JDK never)", ResultsReport.ratio(0.05, NEVER, "JDK"));
        assertEquals("∞", ResultsReport.ratio(NEVER, 3, "JDK"));
        assertEquals("—", ResultsReport.ratio(0.2, 0, "JDK"), "no ratio to a zero figure");
        assertEquals("—", ResultsReport.ratio(0, 0, "JDK"));
    }

    @Test
    void tableRowsShowMediansRatiosGoalsAndVerdicts() {
        WorkloadResult yield = new WorkloadResult(Workloads.byName("yield-starvation"), 1,
                List.of(0.05, 0.02, 3.0), List.of(NEVER, NEVER), Double.NaN, List.of());
        WorkloadResult skynet = new WorkloadResult(Workloads.byName("skynet"), 2,
                List.of(900.0, 1000.0, 1100.0), List.of(1800.0, 2000.0, 2200.0), 600.0, List.of());
        String table = ResultsReport.table(List.of(yield, skynet), Size.FULL, true);
        List<String[]> rows = HarnessQuickRunTest.dataRows(table);
        // | workload | Ps | unit | gmp | JDK default | gmp/JDK | Go | gmp/Go | goal | verdict |
        assertArrayEquals(new String[] {"a yield loop vs a newly started task, 1 P: time until it runs", "1", "ms",
                "0.05", "never (> 5 s)", "→ 0 (JDK never)", "—", "—", "≤ 1 ms (JDK: never)", "met"}, rows.get(0));
        assertArrayEquals(new String[] {"skynet: a tree of 1M tasks, 10 children each", "2", "ms",
                "1000", "2000", "0.50", "600", "1.67", "≤ 0.5× JDK, ≤ 1.2× Go", "missed"}, rows.get(1));
    }

    @Test
    void aRowMeasuredInPairsShowsTheMedianOfEachJvmsOwnRatioAndIsJudgedByIt() {
        // Three JVMs at different speeds: each JVM's own ratios 1.05, 1.05, 0.94; column medians 150 / 160.
        List<Double> on = List.of(210.0, 105.0, 150.0), stopped = List.of(200.0, 100.0, 160.0);
        WorkloadResult cost = new WorkloadResult(Workloads.byName("flight-recorder-park"), 2, on, stopped, Double.NaN, List.of());
        assertTrue(cost.paired());
        assertEquals(1.05, cost.jdkRatio(), 1e-9);
        String[] row = HarnessQuickRunTest.dataRows(ResultsReport.table(List.of(cost), Size.FULL, false)).getFirst();
        assertEquals("150", row[3], "the columns still show their medians");
        assertEquals("160", row[4]);
        assertEquals("1.05", row[5]);
        assertEquals("missed", row[7], "judged by 1.05, not by the medians' 0.94");

        WorkloadResult unpaired = new WorkloadResult(Workloads.byName("spawn"), 2, on, stopped, Double.NaN, List.of());
        assertFalse(unpaired.paired(), "each column from its own JVMs: no pairs");
        assertEquals(150 / 160.0, unpaired.jdkRatio(), 1e-9);
    }

    @Test
    void withoutGoThereAreNoGoColumns() {
        WorkloadResult spawn = new WorkloadResult(Workloads.byName("spawn"), 2, List.of(300.0), List.of(320.0), Double.NaN, List.of());
        String table = ResultsReport.table(List.of(spawn), Size.QUICK, false);
        assertFalse(table.contains("Go"), table);
        assertArrayEquals(new String[] {"spawn and finish 1M tasks", "2", "ns/task", "300", "320", "0.94", "≤ 1.0× JDK", "met"},
                HarnessQuickRunTest.dataRows(table).getFirst());
    }

    @Test
    void eachRowOfAMultiRowWorkloadHasItsOwnTitleUnitAndGoal() {
        var storm = Workloads.byName("sleep-storm");
        List<WorkloadResult> results = List.of(
                new WorkloadResult(storm, storm.rows().get(0), 16, List.of(400.0), List.of(1000.0), Double.NaN, List.of()),
                new WorkloadResult(storm, storm.rows().get(1), 16, List.of(900.0), List.of(800.0), Double.NaN, List.of()));
        List<String[]> rows = HarnessQuickRunTest.dataRows(ResultsReport.table(results, Size.FULL, false));
        assertArrayEquals(new String[] {"100k virtual threads × 20 `Thread.sleep(1 ms)`: wall time", "16", "ms",
                "400", "1000", "0.40", "≤ 0.5× JDK", "met"}, rows.get(0));
        assertArrayEquals(new String[] {"the same storm: process CPU time", "16", "ms",
                "900", "800", "1.13", "≤ 1.0× JDK", "missed"}, rows.get(1));
    }

    @Test
    void manyCoreSectionSaysNotMeasuredUntilAKitReportIsGiven() {
        String none = ResultsReport.manyCoreSection("");
        assertTrue(none.startsWith("## Many cores\n\nNot measured yet"), none);
        assertTrue(none.contains("./gmp bench kit"), none);
        String given = ResultsReport.manyCoreSection("# gmp beside the JDK\n\n| a | b |\n\n## Notes\n- busy\n");
        assertTrue(given.contains("### gmp beside the JDK\n"), "the kit's headings move under the section:\n" + given);
        assertTrue(given.contains("#### Notes\n- busy\n"), given);
        assertFalse(given.contains("Not measured yet"), given);
    }

    @Test
    void theMissedGoalsAnalysisIsEmbeddedWithItsHeadingsUnderItsSection() {
        String section = ResultsReport.missedGoalsSection("# skynet\n\nA profile says why.\n## at 16 P\n- detail\n");
        assertTrue(section.startsWith("## Where the missed goals stand\n\nHand-written from profiles"), section);
        assertTrue(section.contains("### skynet\n\nA profile says why.\n#### at 16 P\n- detail\n"), section);
    }
}

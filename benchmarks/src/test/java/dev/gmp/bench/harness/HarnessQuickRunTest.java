package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The harness end to end in quick mode: child JVMs per side, a table with figures, a report file. */
class HarnessQuickRunTest {

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang guard; the run takes seconds
    void quickRunOfTwoWorkloadsPrintsATableWithFiguresAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("RESULTS.md");
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = BenchMain.run(
                List.of("--quick", "--only", "pingpong-park,spawn", "--go", "off", "--results", report.toString()),
                dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, "harness failed:\n" + log + table);

        List<String[]> rows = dataRows(table);
        assertEquals(2, rows.size(), table);
        assertEquals("unbuffered ping-pong between two Gs, park/unpark", rows.get(0)[0]);
        assertEquals("spawn and finish 1M tasks", rows.get(1)[0]);
        for (String[] row : rows) {
            // | workload | Ps | unit | gmp | JDK default | gmp/JDK | goal | verdict |
            assertPositiveNumber(row[3], "gmp", table);
            assertPositiveNumber(row[4], "JDK", table);
            assertPositiveNumber(row[5], "gmp/JDK", table);
        }
        assertEquals("ns/task", rows.get(1)[2]);

        String written = Files.readString(report);
        assertTrue(written.contains(table.strip()), "the report holds the printed table:\n" + written);
        assertTrue(written.contains("| JDK | "), written);
        assertTrue(written.contains("| Go | not measured: --go off |"), written);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang guard; the run takes seconds
    void quickRunOfTheAgentRowsRunsTheirSidesUnderTheAgent(@TempDir Path dir) throws Exception {
        // These rows need agent/target/gmp-agent.jar; a reactor build that has not packaged the agent yet skips.
        try {
            dev.gmp.bench.workload.Workloads.byName("preempt").sideJvmOptions(dev.gmp.bench.Scheduler.GMP, 1);
        } catch (IllegalStateException e) {
            org.junit.jupiter.api.Assumptions.abort(e.getMessage());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = BenchMain.run(List.of("--quick", "--only", "agent-http-jfr,preempt,flight-recorder-http,spawn-executor-agent", "--go", "off"),
                dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, "harness failed:\n" + err.toString(StandardCharsets.UTF_8) + table);
        List<String[]> rows = dataRows(table);
        assertEquals(4, rows.size(), table);
        assertEquals("ms/1k requests", rows.get(0)[2]);
        assertTrue(rows.get(1)[0].contains("gmp column: preempt=on; JDK column: preempt=off"), table);
        // Both columns from one JVM under the agent, which switches the recorder through the bootstrap class path's gmp.
        assertTrue(rows.get(2)[0].contains("in the same JVMs"), table);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("[flight-recorder-http] P=2 round 1/1 both columns: gmp column "), err.toString(StandardCharsets.UTF_8));
        for (String[] row : rows) {
            assertPositiveNumber(row[3], "gmp", table);
            assertPositiveNumber(row[4], "JDK", table);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang guard; the run takes seconds
    void quickRunOfTheStartUpRowsLaunchesJvmsWithAndWithoutTheAgent(@TempDir Path dir) throws Exception {
        try {
            dev.gmp.bench.workload.Workloads.byName("preempt").sideJvmOptions(dev.gmp.bench.Scheduler.GMP, 1);
        } catch (IllegalStateException e) {
            org.junit.jupiter.api.Assumptions.abort(e.getMessage()); // no agent jar packaged yet
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = BenchMain.run(List.of("--quick", "--only", "agent-startup,agent-startup-off", "--go", "off"),
                dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, "harness failed:\n" + err.toString(StandardCharsets.UTF_8) + table);
        List<String[]> rows = dataRows(table);
        assertEquals(2, rows.size(), table);
        assertTrue(rows.get(0)[0].startsWith("agent start-up"), table);
        assertTrue(rows.get(1)[0].contains("dashboard=off"), table);
        for (String[] row : rows) {
            assertEquals("s", row[2], table);
            // The added seconds are a difference of two noisy runs: a number, not necessarily positive.
            Double.parseDouble(row[3]);
            assertPositiveNumber(row[4], "JDK", table);
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang guard; the run takes seconds
    void quickRunOfTheFairnessRowsGivesGmpAFigureAndTheJdkAFigureOrABound(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = BenchMain.run(List.of("--quick", "--only", "fairness-start,fairness-sleep", "--go", "off"),
                dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, "harness failed:\n" + err.toString(StandardCharsets.UTF_8) + table);
        List<String[]> rows = dataRows(table);
        assertEquals(2, rows.size(), table);
        assertTrue(rows.get(0)[0].contains("started from a platform thread beside a park/unpark ping-pong chain"), table);
        assertTrue(rows.get(1)[0].contains("sleeping 5 ms beside a park/unpark ping-pong chain"), table);
        for (String[] row : rows) {
            assertEquals("1", row[1], table);
            assertEquals("ms", row[2], table);
            assertPositiveNumber(row[3], "gmp", table);
            // One JDK carrier may never run the newcomer: then the cell is the bound, a lower bound.
            if (!row[4].equals("> 1000 ms (timed out)")) {
                assertPositiveNumber(row[4], "JDK", table);
            }
            assertTrue(row[6].startsWith("≤ 2"), table);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES) // a hang guard; the run takes seconds per child
    void quickRunAtTwoPCountsGivesEveryRowOfEachWorkloadAtEachCount(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = BenchMain.run(List.of("--quick", "--only", "sleep-storm,parallel-pairs", "--procs", "1,2", "--go", "off"),
                dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, "harness failed:\n" + err.toString(StandardCharsets.UTF_8) + table);
        List<String[]> rows = dataRows(table);
        // Each workload at P = 1 then P = 2; the sleep storm's one run fills two rows.
        assertEquals(List.of("sleep-storm 1", "sleep-storm-cpu 1", "sleep-storm 2", "sleep-storm-cpu 2",
                "parallel-pairs 1", "parallel-pairs 2"),
                rows.stream().map(r -> rowName(r[0]) + " " + r[1]).toList(), table);
        for (String[] row : rows) {
            assertPositiveNumber(row[3], "gmp", table);
            assertPositiveNumber(row[4], "JDK", table);
        }
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES) // a hang guard; the run takes seconds per child
    void quickRunOfTheServerAndIdleRowsRunsTheGmpSideUnderTheAgent(@TempDir Path dir) throws Exception {
        try {
            dev.gmp.bench.workload.Workloads.byName("http-inproc").sideJvmOptions(dev.gmp.bench.Scheduler.GMP, 1);
        } catch (IllegalStateException e) {
            org.junit.jupiter.api.Assumptions.abort(e.getMessage()); // no agent jar packaged yet
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = BenchMain.run(List.of("--quick", "--only", "http-inproc,real-server-watched,idle-cost", "--go", "off"),
                dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        String log = err.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, "harness failed:\n" + log + table);
        List<String[]> rows = dataRows(table);
        assertEquals(1 + 8 + 1, rows.size(), table);
        assertEquals("ms/1k requests", rows.get(0)[2], table);
        for (int i = 1; i <= 8; i++) {
            assertEquals(i % 2 == 1 ? "ms/1k requests" : "ms", rows.get(i)[2], table); // throughput, then p99, per endpoint
            assertPositiveNumber(rows.get(i)[3], "gmp", table);
            assertPositiveNumber(rows.get(i)[4], "JDK", table);
        }
        assertEquals("% of a core", rows.get(9)[2], table);
        Double.parseDouble(rows.get(9)[3]); // an idle process may use no measurable CPU: a number, maybe 0
        assertTrue(log.contains("[real-server-watched] P="), log);
    }

    /** The row's workload id, from the titles these tests' rows have. */
    private static String rowName(String title) {
        if (title.startsWith("100k virtual threads")) return "sleep-storm";
        if (title.startsWith("the same storm")) return "sleep-storm-cpu";
        if (title.startsWith("P independent")) return "parallel-pairs";
        return title;
    }

    @Test
    void badOptionsStopWithUsageAndExitCode2(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int exit = BenchMain.run(List.of("--rounds", "zero"), dir,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, exit);
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains("--rounds must be a whole number >= 1, got 'zero'"), message);
        assertTrue(message.contains("usage: ./gmp bench"), message);
    }

    /** The table's data rows, cells trimmed, leading and trailing pipes dropped. */
    static List<String[]> dataRows(String table) {
        return table.lines()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| workload "))
                .map(line -> Arrays.stream(line.substring(1, line.length() - 1).split("\\|")).map(String::trim).toArray(String[]::new))
                .toList();
    }

    private static void assertPositiveNumber(String cell, String column, String table) {
        double value;
        try {
            value = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new AssertionError(column + " cell is not a number: '" + cell + "' in\n" + table);
        }
        assertTrue(value > 0 && Double.isFinite(value), column + " cell " + cell + " in\n" + table);
    }
}

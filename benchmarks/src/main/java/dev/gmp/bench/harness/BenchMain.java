package dev.gmp.bench.harness;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.GoFigure;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Workload;
import dev.gmp.bench.workload.WorkloadInfo;
import dev.gmp.testsupport.ForkedJvm;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The side-by-side harness ({@code ./gmp bench}): runs every workload on gmp and on the JDK default
 * scheduler in alternating fresh JVMs, adds Go's figure when Go is installed (see {@link GoPrograms}), prints the table of
 * medians and ratios, and writes the report (benchmarks/RESULTS.md by default).
 */
public final class BenchMain {
    private BenchMain() {}

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), Path.of("").toAbsolutePath(), System.out, System.err));
    }

    /** Runs the harness; returns the process exit code (0 ok, 1 a measurement failed, 2 bad usage). */
    static int run(List<String> args, Path cwd, PrintStream out, PrintStream err) throws IOException, InterruptedException {
        HarnessOptions options;
        try {
            options = HarnessOptions.parse(args, cwd);
        } catch (IllegalArgumentException e) {
            err.println("bench: " + e.getMessage());
            err.println(HarnessOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(HarnessOptions.USAGE);
            return 0;
        }
        if (options.list()) {
            for (Workload w : options.workloads()) {
                List<WorkloadInfo> rows = w.rows();
                for (int r = 0; r < rows.size(); r++) {
                    out.printf(Locale.ROOT, "%-20s %s (%s)%n", r == 0 ? w.name() : "", rows.get(r).title(), rows.get(r).unit());
                }
            }
            return 0;
        }
        MachineInfo machine = MachineInfo.probe(cwd);
        Duration childTimeout = options.size() == Size.QUICK ? Duration.ofMinutes(3) : Duration.ofMinutes(15);

        GoPrograms go = null;
        String goLine = "not measured: " + options.noGoReason();
        if (options.goAnchor() != null || options.goTwins() != null || options.goBinaries() != null) {
            List<GoFigure> figures = options.workloads().stream().flatMap(w -> w.rows().stream()).map(WorkloadInfo::go)
                    .filter(Objects::nonNull).toList();
            go = options.goBinaries() != null ? GoPrograms.prebuilt(figures, options.goBinaries(), err)
                    : GoPrograms.build(figures, options.goAnchor(), options.noGoReason(), options.goTwins(), err);
            goLine = go.version() == null ? "not measured: " + go.describe() : go.describe();
        }
        List<WorkloadResult> results = new ArrayList<>();
        boolean anyFailure = false;
        try {
            for (Workload w : options.workloads()) {
                // A row that fixes its own P count runs once; the others at every --procs count.
                for (int procs : w.procs() > 0 ? List.of(w.procs()) : options.procs()) {
                    List<WorkloadResult> rows = measure(w, procs, options, childTimeout, go, err);
                    anyFailure |= !rows.getFirst().failures().isEmpty();
                    results.addAll(rows);
                }
            }
        } finally {
            if (go != null) {
                go.close();
            }
        }
        boolean goColumn = go != null && go.version() != null;
        out.print(ResultsReport.table(results, options.size(), goColumn));
        if (options.results() != null) {
            // The kit's own run writes many-core.md itself: it embeds neither an older one nor the analysis.
            boolean kitReport = options.results().getFileName().toString().equals(ResultsReport.MANY_CORE_FILE);
            String manyCoreReport = kitReport ? null : besideResults(options, ResultsReport.MANY_CORE_FILE);
            String missedGoalsText = kitReport ? null : besideResults(options, ResultsReport.MISSED_GOALS_FILE);
            String report = ResultsReport.document(results, options, machine, goColumn, goLine, MachineInfo.loadAverage(),
                    manyCoreReport, missedGoalsText);
            Files.createDirectories(options.results().toAbsolutePath().getParent());
            Files.writeString(options.results(), report, StandardCharsets.UTF_8);
            err.println("bench: wrote " + options.results());
            // Quick figures and partial runs are not results: only a full table goes into the README.
            if (options.wholeRun() && ReadmeTable.update(options.results(), ResultsReport.table(results, options.size(), goColumn))) {
                err.println("bench: wrote the README's copy of the table");
            }
        }
        return anyFailure ? 1 : 0;
    }

    /** The text of the file {@code name} beside the report, or "" when there is none. */
    private static String besideResults(HarnessOptions options, String name) throws IOException {
        Path file = options.results().toAbsolutePath().resolveSibling(name);
        return Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Every row of {@code w} at {@code procs} Ps: the rounds of child JVMs per side, then Go's figure per row. */
    private static List<WorkloadResult> measure(Workload w, int procs, HarnessOptions options, Duration childTimeout,
                                                GoPrograms go, PrintStream err)
            throws IOException, InterruptedException {
        List<WorkloadInfo> rows = w.rows();
        List<List<Double>> gmp = lists(rows.size()), jdk = lists(rows.size());
        List<String> failures = new ArrayList<>();
        int roundsHere = Math.max(options.rounds(), w.minRounds(options.size()));
        boolean oneJvm = w.bothColumnsInOneJvm();
        int figuresPerChild = oneJvm ? 2 * rows.size() : rows.size();
        for (int round = 1; round <= roundsHere; round++) {
            // Alternate who goes first, so drift in machine load does not favour one side. A workload
            // measured on both sides in one JVM starts one child, on the gmp side's options.
            List<Scheduler> order = oneJvm ? List.of(Scheduler.GMP)
                    : round % 2 == 1 ? List.of(Scheduler.GMP, Scheduler.JDK) : List.of(Scheduler.JDK, Scheduler.GMP);
            for (Scheduler side : order) {
                String where = String.format(Locale.ROOT, "[%s] P=%d round %d/%d %s", w.name(), procs, round, roundsHere,
                        oneJvm ? "both columns" : side.id());
                ForkedJvm child;
                try {
                    child = ChildJvm.jvm(w, side, procs, options.size());
                } catch (IllegalStateException e) { // e.g. the agent jar a side needs is not built
                    failures.add(side.id() + " round " + round + ": " + e.getMessage());
                    err.println("bench: " + where + " FAILED: " + e.getMessage());
                    continue;
                }
                ChildJvm.Outcome outcome = ChildJvm.run(child, figuresPerChild, childTimeout);
                if (outcome.failed()) {
                    failures.add(side.id() + " round " + round + ": " + outcome.failure());
                    err.println("bench: " + where + " FAILED: " + outcome.failure());
                    continue;
                }
                List<String> shown = new ArrayList<>();
                for (int f = 0; f < figuresPerChild; f++) {
                    int r = f % rows.size();
                    boolean gmpColumn = oneJvm ? f < rows.size() : side == Scheduler.GMP;
                    double figure = outcome.figures()[f];
                    (gmpColumn ? gmp : jdk).get(r).add(figure);
                    shown.add((oneJvm ? (gmpColumn ? "gmp column " : "JDK column ") : "")
                            + w.render(figure, options.size()) + (Double.isInfinite(figure) ? "" : " " + rows.get(r).unit()));
                }
                err.println("bench: " + where + ": " + String.join(", ", shown));
            }
        }
        double[] goFigures = new double[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            WorkloadInfo row = rows.get(r);
            goFigures[r] = Double.NaN;
            GoFigure goWork = row.go();
            if (go != null && goWork != null && go.has(goWork)) {
                try {
                    goFigures[r] = go.measure(goWork, procs);
                    err.println("bench: [" + row.name() + "] P=" + procs + " go: " + w.render(goFigures[r], options.size()) + " " + row.unit());
                } catch (IOException e) {
                    failures.add("go " + row.name() + ": " + e.getMessage());
                    err.println("bench: [" + row.name() + "] go FAILED: " + e.getMessage());
                }
            }
        }
        // Every row of the run carries all of its failures (the report lists them once, with the first row).
        List<WorkloadResult> results = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            results.add(new WorkloadResult(w, rows.get(r), procs, gmp.get(r), jdk.get(r), goFigures[r], failures));
        }
        return results;
    }

    private static List<List<Double>> lists(int n) {
        List<List<Double>> lists = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lists.add(new ArrayList<>());
        }
        return lists;
    }
}

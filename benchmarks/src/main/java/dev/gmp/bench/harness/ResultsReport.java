package dev.gmp.bench.harness;

import dev.gmp.bench.workload.GoFigure;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Workload;
import dev.gmp.bench.workload.WorkloadInfo;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.stream.Collectors;

/** Renders the results as Markdown: the table alone (for the terminal) or the whole RESULTS.md. */
final class ResultsReport {
    private ResultsReport() {}

    static String table(List<WorkloadResult> results, Size size, boolean goColumn) {
        StringBuilder out = new StringBuilder();
        out.append("| workload | Ps | unit | gmp | JDK default | gmp/JDK |");
        if (goColumn) {
            out.append(" Go | gmp/Go |");
        }
        out.append(" goal | verdict |\n|---|---|---|---:|---:|---:|");
        if (goColumn) {
            out.append("---:|---:|");
        }
        out.append("---|---|\n");
        for (WorkloadResult r : results) {
            Workload w = r.workload();
            WorkloadInfo row = r.row();
            double gmp = r.gmpMedian(), jdk = r.jdkMedian();
            out.append("| ").append(row.title()).append(" | ").append(r.procs()).append(" | ").append(row.unit())
                    .append(" | ").append(w.render(gmp, size))
                    .append(" | ").append(w.render(jdk, size))
                    .append(" | ").append(r.paired() ? ratio(r.jdkRatio(), 1, "JDK") : ratio(gmp, jdk, "JDK")).append(" |");
            if (goColumn) {
                out.append(' ').append(w.render(r.go(), size)).append(" | ").append(ratio(gmp, r.go(), "Go")).append(" |");
            }
            out.append(' ').append(row.goal().text()).append(" | ").append(r.verdict()).append(" |\n");
        }
        return out.toString();
    }

    /** gmp's figure over the other's, two decimals; a dash when either is missing. */
    static String ratio(double gmp, double other, String otherName) {
        if (Double.isNaN(gmp) || Double.isNaN(other)) {
            return "—";
        }
        if (Double.isInfinite(other)) {
            return Double.isInfinite(gmp) ? "—" : "→ 0 (" + otherName + " never)";
        }
        if (Double.isInfinite(gmp)) {
            return "∞";
        }
        if (other == 0) {
            return "—"; // e.g. an idle process whose CPU time was below the clock's tick
        }
        return String.format(Locale.ROOT, "%.2f", gmp / other);
    }

    /**
     * The whole report. {@code goLine} is the Go version and what was not built, or, without a Go
     * column, "not measured: " and why. {@code manyCore} is a kit's many-core report for its section,
     * "" when there is none, or null when this report is itself a kit's (then it has no such section).
     */
    static String document(List<WorkloadResult> results, HarnessOptions options, MachineInfo machine, boolean goColumn,
                           String goLine, String loadAtEnd, String manyCore, String missedGoals) {
        StringBuilder out = new StringBuilder();
        out.append("# gmp beside the JDK default scheduler").append(goColumn ? " and Go" : "").append("\n\n");
        // Without a many-core section to hold, this is a bench kit's own report (its run.sh writes many-core.md).
        out.append(manyCore == null ? "Written by a bench kit's `run.sh" : "Written by `./gmp bench")
                .append(options.size() == Size.QUICK ? " --quick" : "")
                .append("` (module `benchmarks`, class `dev.gmp.bench.harness.BenchMain`). Each figure is the median over ")
                .append(options.rounds()).append(" round").append(options.rounds() == 1 ? "" : "s")
                .append(" per side (more where a workload's notes say so); every round runs each side in a fresh JVM, alternating which side goes first. ")
                .append("Lower is better everywhere; gmp/JDK below 1 means gmp is faster or smaller.\n\n");
        out.append("| | |\n|---|---|\n");
        out.append("| date | ").append(machine.date()).append(" |\n");
        out.append("| gmp commit | ").append(machine.commit()).append(" |\n");
        out.append("| CPU | ").append(machine.cpu()).append(", ").append(machine.cores()).append(" cores available |\n");
        out.append("| memory | ").append(machine.memory()).append(" |\n");
        out.append("| OS | ").append(machine.os()).append(" |\n");
        out.append("| JDK | ").append(machine.jdk()).append(" |\n");
        out.append("| Go | ").append(goLine).append(" |\n");
        out.append("| sizes | ").append(options.size().id()).append(" |\n");
        out.append("| load average (1, 5, 15 min) | ").append(machine.loadAtStart()).append(" at start, ")
                .append(loadAtEnd).append(" at end |\n\n");
        out.append(table(results, options.size(), goColumn)).append('\n');
        out.append("## How each workload is measured\n\n");
        Set<String> described = new HashSet<>();
        String lastMethod = "";
        for (WorkloadResult r : results) {
            WorkloadInfo w = r.row();
            if (!described.add(w.name())) {
                continue; // the same row at another P count
            }
            // The rows of one run share its method: said once, the others named with it.
            if (w.method().equals(lastMethod)) {
                out.append("- **").append(w.name()).append("**: the same run as the row above.\n");
                continue;
            }
            lastMethod = w.method();
            out.append("- **").append(w.name()).append("**: ").append(w.method()).append('.');
            GoFigure go = w.go();
            if (goColumn && go != null && !go.note().isEmpty()) {
                out.append(' ').append(go.note()).append('.');
            }
            out.append('\n');
        }
        out.append("\nBoth sides get the same heap settings. gmp runs with `-Dgmp.procs=<Ps>`, the JDK with ")
                .append("`-Djdk.virtualThreadScheduler.parallelism=<Ps>`")
                .append(goColumn ? ", Go with `GOMAXPROCS=<Ps>` (Go's figure is the median of its program's own 5 rounds: "
                        + "shared/anchors/go/main.go, or a twin in benchmarks/src/main/go for a row the anchor lacks)" : "")
                .append(".\n\n");
        out.append("Rows whose title names other columns (e.g. preempt=on vs off, agent vs none) put those ")
                .append("configurations in the gmp and JDK default columns, as the title says. Rows measured with both ")
                .append("columns in the same JVMs (\"in the same JVMs\" in the title, and the park storm's JFR cost row) are pairs: their ")
                .append("gmp/JDK is the median of each JVM's own ratio, not the ratio of the two medians shown, and the ")
                .append("verdict goes by it.\n");
        out.append("\n## Notes\n\n");
        if (!options.note().isEmpty()) {
            out.append("- ").append(options.note()).append('\n');
        }
        out.append("- Figures from a machine that other work also loads are noisy; the load averages above say how busy it was.\n");
        for (WorkloadResult r : results) {
            if (!r.row().name().equals(r.workload().rows().getFirst().name())) {
                continue; // a run's failures are listed with its first row
            }
            for (String failure : r.failures()) {
                out.append("- ").append(r.row().name()).append(" failed: ")
                        .append(failure.replace('\n', ' ')).append('\n');
            }
        }
        if (missedGoals != null && !missedGoals.isBlank()) {
            out.append('\n').append(missedGoalsSection(missedGoals));
        }
        out.append("\n## Every round\n\n| workload | Ps | gmp | JDK default |\n|---|---|---|---|\n");
        for (WorkloadResult r : results) {
            out.append("| ").append(r.row().name()).append(" | ").append(r.procs()).append(" | ")
                    .append(rounds(r.workload(), r.gmp(), options.size()))
                    .append(" | ").append(rounds(r.workload(), r.jdk(), options.size())).append(" |\n");
        }
        if (manyCore != null) {
            out.append('\n').append(manyCoreSection(manyCore));
        }
        return out.toString();
    }

    /** The hand-written file, beside the report, that says where each missed goal stands, from profiles. */
    static final String MISSED_GOALS_FILE = "missed-goals.md";

    /**
     * The section on the missed goals: {@link #MISSED_GOALS_FILE} as written (its headings moved under
     * this section's). Its figures come from the profiling runs it names, so it says so first.
     */
    static String missedGoalsSection(String analysis) {
        StringBuilder out = new StringBuilder("## Where the missed goals stand\n\n");
        out.append("Hand-written from profiles (benchmarks/").append(MISSED_GOALS_FILE)
                .append("); its figures come from the runs it names, not from the table above.\n\n");
        return appendUnderSection(out, analysis).toString();
    }

    /** Appends {@code report} with its headings moved two levels down, under the section being written. */
    private static StringBuilder appendUnderSection(StringBuilder out, String report) {
        for (String line : report.strip().split("\n")) {
            out.append(line.startsWith("#") ? "##" + line : line).append('\n');
        }
        return out;
    }

    /** The file, beside the report, that holds a many-core run's report for {@link #manyCoreSection}. */
    static final String MANY_CORE_FILE = "many-core.md";

    /**
     * The many-core section: the report a bench kit's {@code run.sh} wrote on a many-core box (its
     * headings moved under this section's), or, for an empty {@code report}, that it is not measured yet.
     */
    static String manyCoreSection(String report) {
        StringBuilder out = new StringBuilder("## Many cores\n\n");
        if (report.isBlank()) {
            return out.append("Not measured yet: the many-core rows need a Linux box with many cores. `./gmp bench kit` writes ")
                    .append("benchmarks/target/gmp-bench-kit.tar.xz (a JDK 25 runtime, the jars, static Go twins and run.sh); ")
                    .append("unpack it there, run `./run.sh` (P = 16 and 4 by default, or `--procs`), and put the ")
                    .append(MANY_CORE_FILE).append(" it writes into benchmarks/ before the next `./gmp bench`.\n")
                    .toString();
        }
        out.append("From a bench kit's run on another machine (benchmarks/").append(MANY_CORE_FILE).append("):\n\n");
        return appendUnderSection(out, report).toString();
    }

    private static String rounds(Workload w, List<Double> figures, Size size) {
        return figures.stream().map(f -> w.render(f, size)).collect(Collectors.joining(", "));
    }
}

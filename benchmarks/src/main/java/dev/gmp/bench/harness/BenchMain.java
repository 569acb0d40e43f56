package dev.gmp.bench.harness;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.GoFigure;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Workload;
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
                out.printf(Locale.ROOT, "%-20s %s (%s)%n", w.name(), w.title(), w.unit());
            }
            return 0;
        }
        MachineInfo machine = MachineInfo.probe(cwd);
        Duration childTimeout = options.size() == Size.QUICK ? Duration.ofMinutes(3) : Duration.ofMinutes(15);

        GoPrograms go = null;
        String goLine = "not measured: " + options.noGoReason();
        if (options.goAnchor() != null || options.goTwins() != null) {
            List<GoFigure> figures = options.workloads().stream().map(Workload::go).filter(Objects::nonNull).toList();
            go = GoPrograms.build(figures, options.goAnchor(), options.noGoReason(), options.goTwins(), err);
            goLine = go.version() == null ? "not measured: " + go.describe() : go.describe();
        }
        List<WorkloadResult> results = new ArrayList<>();
        boolean anyFailure = false;
        try {
            for (Workload w : options.workloads()) {
                WorkloadResult result = measure(w, options, childTimeout, go, err);
                anyFailure |= !result.failures().isEmpty();
                results.add(result);
            }
        } finally {
            if (go != null) {
                go.close();
            }
        }
        boolean goColumn = go != null && go.version() != null;
        out.print(ResultsReport.table(results, options.size(), goColumn));
        if (options.results() != null) {
            String report = ResultsReport.document(results, options, machine, goColumn, goLine, MachineInfo.loadAverage());
            Files.createDirectories(options.results().toAbsolutePath().getParent());
            Files.writeString(options.results(), report, StandardCharsets.UTF_8);
            err.println("bench: wrote " + options.results());
        }
        return anyFailure ? 1 : 0;
    }

    private static WorkloadResult measure(Workload w, HarnessOptions options, Duration childTimeout, GoPrograms go,
                                          PrintStream err)
            throws IOException, InterruptedException {
        int procs = w.procs() > 0 ? w.procs() : options.procs();
        List<Double> gmp = new ArrayList<>(), jdk = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (int round = 1; round <= options.rounds(); round++) {
            // Alternate who goes first, so drift in machine load does not favour one side.
            List<Scheduler> order = round % 2 == 1 ? List.of(Scheduler.GMP, Scheduler.JDK) : List.of(Scheduler.JDK, Scheduler.GMP);
            for (Scheduler side : order) {
                String where = String.format(Locale.ROOT, "[%s] round %d/%d %s", w.name(), round, options.rounds(), side.id());
                ForkedJvm child;
                try {
                    child = ChildJvm.jvm(w, side, procs, options.size());
                } catch (IllegalStateException e) { // e.g. the agent jar a side needs is not built
                    failures.add(side.id() + " round " + round + ": " + e.getMessage());
                    err.println("bench: " + where + " FAILED: " + e.getMessage());
                    continue;
                }
                ChildJvm.Outcome outcome = ChildJvm.run(child, childTimeout);
                if (outcome.failed()) {
                    failures.add(side.id() + " round " + round + ": " + outcome.failure());
                    err.println("bench: " + where + " FAILED: " + outcome.failure());
                } else {
                    (side == Scheduler.GMP ? gmp : jdk).add(outcome.figure());
                    err.println("bench: " + where + ": " + w.render(outcome.figure(), options.size())
                            + (Double.isInfinite(outcome.figure()) ? "" : " " + w.unit()));
                }
            }
        }
        double goFigure = Double.NaN;
        GoFigure goWork = w.go();
        if (go != null && goWork != null && go.has(goWork)) {
            try {
                goFigure = go.measure(goWork, procs);
                err.println("bench: [" + w.name() + "] go: " + w.render(goFigure, options.size()) + " " + w.unit());
            } catch (IOException e) {
                failures.add("go: " + e.getMessage());
                err.println("bench: [" + w.name() + "] go FAILED: " + e.getMessage());
            }
        }
        return new WorkloadResult(w, procs, gmp, jdk, goFigure, failures);
    }
}

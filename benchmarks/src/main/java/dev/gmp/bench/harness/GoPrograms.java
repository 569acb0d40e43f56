package dev.gmp.bench.harness;

import dev.gmp.bench.workload.GoFigure;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Go programs a run needs, each built once before the workloads run: the shared anchor
 * ({@code shared/anchors/go/main.go}, owned outside this project) and this project's own Go twins
 * ({@code benchmarks/src/main/go/<program>/main.go}) for rows the anchor does not cover. A program
 * that cannot be built (no go installed, no source, a compile error) leaves its rows' Go figures
 * empty, and {@link #describe()} says why.
 */
final class GoPrograms implements AutoCloseable {
    private final Map<String, GoProgram> built = new LinkedHashMap<>();
    /** Program name → why it is not built. */
    private final Map<String, String> unavailable = new LinkedHashMap<>();

    private GoPrograms() {}

    /**
     * Builds every program that {@code figures} name. {@code anchor} is the anchor's main.go, or null
     * for {@code noAnchorReason}; {@code twins} the twins' directory, or null when it is not found.
     */
    static GoPrograms build(Collection<GoFigure> figures, Path anchor, String noAnchorReason, Path twins, PrintStream err)
            throws InterruptedException {
        GoPrograms programs = new GoPrograms();
        for (String program : figures.stream().map(GoFigure::program).collect(Collectors.toCollection(TreeSet::new))) {
            boolean isAnchor = program.equals(GoFigure.ANCHOR);
            Path source = isAnchor ? anchor : twins == null ? null : twins.resolve(program).resolve("main.go");
            if (source == null) {
                programs.unavailable.put(program, isAnchor ? noAnchorReason : "benchmarks/src/main/go not found above the working directory");
                continue;
            }
            try {
                err.println("bench: building the Go program " + source);
                programs.built.put(program, GoProgram.build(source));
            } catch (IOException e) {
                programs.unavailable.put(program, e.getMessage());
                err.println("bench: no Go figures from " + program + ": " + e.getMessage());
            }
        }
        return programs;
    }

    /** The file, beside prebuilt programs, that holds the {@code go version} line of the toolchain that built them. */
    static final String VERSION_FILE = "VERSION";

    /**
     * The programs {@code figures} name, built beforehand into {@code dir} (one executable per program,
     * named as the program, and {@link #VERSION_FILE}), as the bench kit ships them for a box without Go.
     */
    static GoPrograms prebuilt(Collection<GoFigure> figures, Path dir, PrintStream err) throws IOException {
        GoPrograms programs = new GoPrograms();
        Path versionFile = dir.resolve(VERSION_FILE);
        String version = Files.isRegularFile(versionFile) ? Files.readString(versionFile, StandardCharsets.UTF_8).strip()
                : "unknown Go version (no " + versionFile + ")";
        for (String program : figures.stream().map(GoFigure::program).collect(Collectors.toCollection(TreeSet::new))) {
            try {
                programs.built.put(program, GoProgram.prebuilt(dir.resolve(program), version));
            } catch (IOException e) {
                programs.unavailable.put(program, e.getMessage());
                err.println("bench: no Go figures from " + program + ": " + e.getMessage());
            }
        }
        return programs;
    }

    /** The output of {@code go version}, or null when no program was built (then there is no Go column). */
    String version() {
        return built.isEmpty() ? null : built.values().iterator().next().version();
    }

    /** The report's Go line: the version and what was not built, or only why nothing was. */
    String describe() {
        String missing = unavailable.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("; "));
        if (version() == null) {
            return missing.isEmpty() ? "no workload has a Go figure" : missing;
        }
        return missing.isEmpty() ? version() : version() + " (not built: " + missing + ")";
    }

    /** Whether {@code figure}'s program was built. */
    boolean has(GoFigure figure) {
        return built.containsKey(figure.program());
    }

    /** Runs {@code figure}'s program with {@code procs} Ps; its figure in the workload's unit. Only when {@link #has}. */
    double measure(GoFigure figure, int procs) throws IOException, InterruptedException {
        return built.get(figure.program()).measure(figure.command(), procs) * figure.toUnit();
    }

    @Override
    public void close() throws IOException {
        for (GoProgram program : built.values()) {
            program.close();
        }
    }
}

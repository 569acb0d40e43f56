package dev.gmp.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One Go program that measures workloads (the shared anchor or one of the project's Go twins, see
 * {@link GoPrograms}), built at run time with the installed {@code go} into a temporary directory
 * (never committed), run once per workload with GOMAXPROCS set to the P count gmp had. Each run
 * prints one line {@code go <metric> <value>}, the median of its own five rounds.
 */
final class GoProgram implements AutoCloseable {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);

    private final Path workDir;
    private final Path binary;
    private final String version;

    private GoProgram(Path workDir, Path binary, String version) {
        this.workDir = workDir;
        this.binary = binary;
        this.version = version;
    }

    /** The output of {@code go version}, e.g. "go version go1.19.8 linux/amd64". */
    String version() {
        return version;
    }

    /**
     * Builds the program {@code mainGo}. Throws {@link IOException} with the reason when go is not
     * on the PATH or the build fails; the harness then leaves that program's Go figures empty and says why.
     */
    static GoProgram build(Path mainGo) throws IOException, InterruptedException {
        if (!Files.isRegularFile(mainGo)) {
            throw new IOException("Go source not found at " + mainGo);
        }
        Path workDir = Files.createTempDirectory("gmp-bench-go");
        try {
            Path binary = workDir.resolve("goprogram");
            String version = compile(mainGo, workDir, binary, Map.of(), List.of());
            return new GoProgram(workDir, binary, version);
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteTree(workDir);
            throw e;
        }
    }

    /**
     * Builds {@code mainGo} into {@code binary} as a static executable ({@code CGO_ENABLED=0}) that runs
     * on any Linux box of this architecture, as the bench kit ships it; returns the {@code go version} line.
     */
    static String buildStatic(Path mainGo, Path binary) throws IOException, InterruptedException {
        if (!Files.isRegularFile(mainGo)) {
            throw new IOException("Go source not found at " + mainGo);
        }
        Path workDir = Files.createTempDirectory("gmp-bench-go");
        try {
            // Without symbol tables (-s -w): a third smaller in the kit, and a figure needs no debugger.
            return compile(mainGo, workDir, binary.toAbsolutePath(), Map.of("CGO_ENABLED", "0"), List.of("-ldflags=-s -w"));
        } finally {
            deleteTree(workDir);
        }
    }

    /** {@code go build <flags>} of {@code mainGo} in {@code workDir} into {@code binary}; the {@code go version} line. */
    private static String compile(Path mainGo, Path workDir, Path binary, Map<String, String> env, List<String> flags)
            throws IOException, InterruptedException {
        String version = run(List.of("go", "version"), workDir, Map.of(), BUILD_TIMEOUT).strip();
        // Built in a directory of its own: no go.mod above it can turn the build into a module build.
        Files.copy(mainGo, workDir.resolve("main.go"));
        Map<String, String> buildEnv = new HashMap<>(buildEnvironment(workDir));
        buildEnv.putAll(env);
        List<String> command = new ArrayList<>(List.of("go", "build"));
        command.addAll(flags);
        command.addAll(List.of("-o", binary.toString(), "main.go"));
        run(command, workDir, buildEnv, BUILD_TIMEOUT);
        return version;
    }

    /**
     * A program built beforehand (the bench kit's static binaries), run as is; {@code version} is the
     * {@code go version} line of the toolchain that built it. Throws when {@code binary} is not an
     * executable file.
     */
    static GoProgram prebuilt(Path binary, String version) throws IOException {
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw new IOException("no executable Go program at " + binary);
        }
        return new GoProgram(Files.createTempDirectory("gmp-bench-go"), binary.toAbsolutePath(), version);
    }

    /** go needs a cache directory; a CI environment without HOME has none unless given one. */
    private static Map<String, String> buildEnvironment(Path workDir) {
        if (System.getenv("GOCACHE") == null && System.getenv("HOME") == null && System.getenv("XDG_CACHE_HOME") == null) {
            return Map.of("GOCACHE", workDir.resolve("cache").toString());
        }
        return Map.of();
    }

    /** Runs the program with argument {@code command} and {@code procs} Ps and returns its figure. */
    double measure(String command, int procs) throws IOException, InterruptedException {
        String output = run(List.of(binary.toString(), command), workDir, Map.of("GOMAXPROCS", Integer.toString(procs)), RUN_TIMEOUT);
        return parse(output);
    }

    /** The value on the program's {@code go <metric> <value>} line. */
    static double parse(String output) throws IOException {
        for (String line : output.split("\n")) {
            String[] fields = line.strip().split("\\s+");
            if (fields.length == 3 && fields[0].equals("go")) {
                try {
                    return Double.parseDouble(fields[2]);
                } catch (NumberFormatException e) {
                    throw new IOException("Go program printed a non-numeric figure: " + line);
                }
            }
        }
        throw new IOException("Go program printed no 'go <metric> <value>' line: " + output.strip());
    }

    private static String run(List<String> command, Path dir, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "go", ".log");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(env);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new IOException("cannot run '" + command.getFirst() + "' (is Go installed? Debian: apt-get install golang-go): " + e.getMessage());
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw new IOException(String.join(" ", command) + " timed out after " + timeout.toSeconds() + " s");
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed with exit code " + process.exitValue() + ": " + output.strip());
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    @Override
    public void close() throws IOException {
        deleteTree(workDir);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

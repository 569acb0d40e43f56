package dev.gmp.bench.harness;

import dev.gmp.bench.workload.GoFigure;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code ./gmp bench kit}: one archive that runs the whole side-by-side table on a Linux box with
 * no JDK and no Go, e.g. a many-core machine borrowed for an hour. It holds a JDK 25 runtime made
 * with jlink (only the modules the harness, its workloads and the agent use), the benchmark and
 * agent jars, the Go anchor and twins as static binaries, and {@code run.sh}, which runs the harness
 * at P = 16 and 4 (or {@code --procs}) and writes many-core.md, the report RESULTS.md's many-core
 * section takes in.
 *
 * <p>Layout, under one top directory {@value #TOP}: {@code run.sh}, {@code jdk/},
 * {@code lib/gmp-benchmarks.jar}, {@code lib/gmp-agent.jar} with {@code lib/gmp-agent-boot.jar}, {@code go/<program>}
 * and {@code go/VERSION}.
 */
public final class BenchKit {
    private BenchKit() {}

    static final String TOP = "gmp-bench-kit";
    static final String DEFAULT_ARCHIVE = "benchmarks/target/gmp-bench-kit.tar.xz";
    static final String BENCHMARKS_JAR = "benchmarks/target/gmp-benchmarks.jar";
    static final String AGENT_JAR = "agent/target/gmp-agent.jar";
    static final String BOOT_JAR = "gmp-agent-boot.jar";
    /**
     * The runtime's modules: the Java SE API, and what the workloads and the agent use beyond it (JFR
     * and its management API, com.sun.management, the JDK's HTTP server, attach, sun.misc.Unsafe for
     * the dashboard's libraries, and jcmd/jfr to look into a run on the box).
     */
    static final List<String> MODULES = List.of("java.se", "jdk.jfr", "jdk.management", "jdk.management.jfr",
            "jdk.management.agent", "jdk.httpserver", "jdk.attach", "jdk.unsupported", "jdk.crypto.ec", "jdk.net",
            "jdk.zipfs", "jdk.charsets", "jdk.naming.dns", "jdk.jcmd");

    static final String USAGE = """
            usage: ./gmp bench kit [--out PATH]
              writes one archive (default benchmarks/target/gmp-bench-kit.tar.xz) with a jlinked JDK 25 runtime, the
              benchmark and agent jars, static Go programs and run.sh; on the target box: tar -xJf the archive,
              then gmp-bench-kit/run.sh [--quick] [--procs N,M] [harness options]""";

    public static void main(String[] args) throws Exception {
        System.exit(run(List.of(args), Path.of("").toAbsolutePath(), System.err));
    }

    /** Builds the kit from the repository at {@code repo}; returns the exit code (0 ok, 1 failed, 2 bad usage). */
    static int run(List<String> args, Path repo, PrintStream err) throws IOException, InterruptedException {
        Path archive = repo.resolve(DEFAULT_ARCHIVE);
        for (int i = 0; i < args.size(); i++) {
            switch (args.get(i)) {
                case "--out" -> {
                    if (++i >= args.size()) {
                        err.println("bench kit: --out needs a value\n" + USAGE);
                        return 2;
                    }
                    archive = repo.resolve(args.get(i));
                }
                case "-h", "--help" -> {
                    err.println(USAGE);
                    return 0;
                }
                default -> {
                    err.println("bench kit: unknown option '" + args.get(i) + "'\n" + USAGE);
                    return 2;
                }
            }
        }
        try {
            Path staging = repo.resolve("benchmarks/target").resolve(TOP);
            GoProgram.deleteTree(staging);
            stage(staging, repo.resolve(BENCHMARKS_JAR), repo.resolve(AGENT_JAR), MachineInfo.commit(repo));
            err.println("bench kit: linking a JDK runtime (" + String.join(",", MODULES) + ")");
            linkJdk(staging.resolve("jdk"));
            buildGo(staging.resolve("go"), goPrograms(repo), err);
            err.println("bench kit: compressing " + staging + " into " + archive);
            archive(staging, archive);
            err.printf("bench kit: wrote %s (%.1f MB)%n", archive, Files.size(archive) / 1e6);
            return 0;
        } catch (IOException e) {
            err.println("bench kit: " + e.getMessage());
            return 1;
        }
    }

    /** The jars, run.sh (naming {@code commit}) and the empty go/ directory, in {@code dir}. */
    static void stage(Path dir, Path benchmarksJar, Path agentJar, String commit) throws IOException {
        for (Path jar : List.of(benchmarksJar, agentJar)) {
            if (!Files.isRegularFile(jar)) {
                throw new IOException("no " + jar + ": build it first (./gmp bench kit does: mvn -pl agent,benchmarks -am package)");
            }
        }
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.copy(benchmarksJar, lib.resolve("gmp-benchmarks.jar"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(agentJar, lib.resolve("gmp-agent.jar"), StandardCopyOption.REPLACE_EXISTING);
        // The runtime jar the agent's manifest names (Boot-Class-Path): beside it, the agent starts
        // without extracting its nested copy, as it does from agent/target.
        Path bootJar = agentJar.resolveSibling(BOOT_JAR);
        if (Files.isRegularFile(bootJar)) {
            Files.copy(bootJar, lib.resolve(BOOT_JAR), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.createDirectories(dir.resolve("go"));
        Path script = dir.resolve("run.sh");
        Files.writeString(script, runScript(commit), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** run.sh: the template with the agent-jar and commit properties filled in. */
    static String runScript(String commit) throws IOException {
        String template;
        try (InputStream in = BenchKit.class.getResourceAsStream("kit-run.sh")) {
            if (in == null) {
                throw new IOException("kit-run.sh is missing from the benchmarks jar");
            }
            template = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!commit.matches("[0-9a-zA-Z ()._-]*")) {
            throw new IOException("unexpected characters in the commit description '" + commit + "'");
        }
        return template.replace("@AGENT_PROPERTY@", "gmp.bench.agentJar")
                .replace("@COMMIT_PROPERTY@", MachineInfo.COMMIT_PROPERTY)
                .replace("@COMMIT@", commit);
    }

    /** jlink of {@link #MODULES} from this JVM's own runtime (Temurin 25 links without jmods) into {@code out}, with a CDS archive. */
    static void linkJdk(Path out) throws IOException, InterruptedException {
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        if (!Files.isExecutable(jlink)) {
            throw new IOException("no jlink at " + jlink + ": the kit needs a full JDK 25 (not a JRE) to build");
        }
        // The CDS archive a JDK ships with, so the kit's JVMs start as fast as a JDK's.
        exec(List.of(jlink.toString(), "--add-modules", String.join(",", MODULES), "--strip-debug", "--no-header-files",
                "--no-man-pages", "--generate-cds-archive", "--output", out.toString()), out.getParent(), Map.of());
    }

    /**
     * The Go programs the workloads name, as program name → main.go: the shared anchor (found above
     * the repository, as the harness finds it) and every twin in benchmarks/src/main/go.
     */
    static Map<String, Path> goPrograms(Path repo) throws IOException {
        Map<String, Path> programs = new LinkedHashMap<>();
        Path anchor = HarnessOptions.findAbove(repo, HarnessOptions.ANCHOR, Files::isRegularFile);
        if (anchor != null) {
            programs.put(GoFigure.ANCHOR, anchor);
        }
        Path twins = repo.resolve(HarnessOptions.TWINS);
        if (Files.isDirectory(twins)) {
            try (Stream<Path> dirs = Files.list(twins)) {
                for (Path d : dirs.sorted().toList()) {
                    if (Files.isRegularFile(d.resolve("main.go"))) {
                        programs.put(d.getFileName().toString(), d.resolve("main.go"));
                    }
                }
            }
        }
        return programs;
    }

    /** Static binaries of {@code programs} in {@code dir}, and the toolchain's version in go/VERSION; none without Go. */
    static void buildGo(Path dir, Map<String, Path> programs, PrintStream err) throws IOException, InterruptedException {
        String version = null;
        List<String> failed = new ArrayList<>();
        for (Map.Entry<String, Path> program : programs.entrySet()) {
            try {
                err.println("bench kit: building " + program.getValue() + " (CGO_ENABLED=0)");
                version = GoProgram.buildStatic(program.getValue(), dir.resolve(program.getKey()));
            } catch (IOException e) {
                failed.add(program.getKey() + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            err.println("bench kit: WARNING: no Go figures from " + String.join("; ", failed));
        }
        if (version != null) {
            Files.writeString(dir.resolve(GoPrograms.VERSION_FILE), version + "\n", StandardCharsets.UTF_8);
        }
    }

    /** {@code tar -cJf archive} of {@code staging} as one top directory. */
    static void archive(Path staging, Path archive) throws IOException, InterruptedException {
        Files.createDirectories(archive.toAbsolutePath().getParent());
        Files.deleteIfExists(archive);
        exec(List.of("tar", "-cJf", archive.toAbsolutePath().toString(), "-C", staging.getParent().toString(),
                staging.getFileName().toString()), staging.getParent(), Map.of("XZ_OPT", "-6 -T0"));
    }

    private static void exec(List<String> command, Path dir, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IOException("cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }
}

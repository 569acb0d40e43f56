package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A JVM started for one test: a main class from this module's test sources, the module's test
 * class path (minus gmp-runtime unless asked for: under the agent the runtime comes from the
 * bootstrap class path), or an executable jar ({@code java -jar}); optionally
 * {@code -javaagent:gmp-agent.jar=OPTIONS}.
 */
final class ForkedJvm {
    /** A hang guard for one forked JVM; the apps themselves finish in well under a second. */
    static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> appArgs = new ArrayList<>();
    /** The main class, or null for {@link #jar}. */
    private final Class<?> mainClass;
    /** The executable jar, or null for {@link #app}. */
    private final Path jar;
    private String agentOptions;
    private boolean withAgent;
    private boolean runtimeOnClassPath;
    private boolean defaultSigint;

    private ForkedJvm(Class<?> mainClass, Path jar) {
        this.mainClass = mainClass;
        this.jar = jar;
    }

    static ForkedJvm app(Class<?> mainClass) {
        return new ForkedJvm(mainClass, null);
    }

    /** {@code java -jar JAR}: an application packaged on its own, with nothing of this module's class path. */
    static ForkedJvm jar(Path jar) {
        return new ForkedJvm(null, jar);
    }

    /** Adds {@code -javaagent:gmp-agent.jar[=options]} ({@code null}: no options). */
    ForkedJvm agent(String options) {
        this.withAgent = true;
        this.agentOptions = options;
        return this;
    }

    ForkedJvm jvmArgs(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    ForkedJvm args(String... args) {
        appArgs.addAll(Arrays.asList(args));
        return this;
    }

    /**
     * Starts the JVM through {@code env --default-signal=INT} (GNU coreutils 8.31+), so that it can
     * be stopped with SIGINT like Ctrl-C stops it in a terminal, even where this JVM runs as a
     * background job and inherited SIGINT ignored (the JVM never handles an ignored SIGINT).
     * See {@link #defaultSigintAvailable()}.
     */
    ForkedJvm withDefaultSigint() {
        defaultSigint = true;
        return this;
    }

    /** Whether {@code env --default-signal} exists here. */
    static boolean defaultSigintAvailable() throws InterruptedException {
        try {
            Process p = new ProcessBuilder("env", "--default-signal=INT", "true").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Leaves gmp-runtime on the application class path too (an app that also uses gmp as a library). */
    ForkedJvm withRuntimeOnClassPath() {
        runtimeOnClassPath = true;
        return this;
    }

    static Path agentJar() {
        String path = System.getProperty("gmp.agent.jar");
        assertTrue(path != null && Files.isRegularFile(Path.of(path)),
                "gmp.agent.jar must name the packaged agent (got " + path + "); run: mvn -pl integration-tests -am verify");
        return Path.of(path);
    }

    /** The demo application's jar (demo/target/gmp-demo.jar in a reactor build). */
    static Path demoJar() {
        String path = System.getProperty("gmp.demo.jar");
        assertTrue(path != null && Files.isRegularFile(Path.of(path)),
                "gmp.demo.jar must name the packaged demo (got " + path + "); run: mvn -pl integration-tests -am verify");
        return Path.of(path);
    }

    static String javaExecutable() {
        return Objects.requireNonNullElse(System.getProperty("gmp.it.java"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Runs {@code java -jar gmp-agent.jar ARGS}, the attach command line. */
    static Result agentCommandLine(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaExecutable(), "-jar", agentJar().toString()));
        cmd.addAll(Arrays.asList(args));
        try (Running running = new Running(new ProcessBuilder(cmd).start())) {
            return running.awaitExit();
        }
    }

    List<String> command() {
        List<String> cmd = new ArrayList<>();
        if (defaultSigint) {
            cmd.addAll(List.of("env", "--default-signal=INT"));
        }
        cmd.add(javaExecutable());
        if (withAgent) {
            cmd.add("-javaagent:" + agentJar() + (agentOptions == null ? "" : "=" + agentOptions));
        }
        cmd.addAll(jvmArgs);
        if (jar != null) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        } else {
            cmd.add("-cp");
            cmd.add(appClassPath());
            cmd.add(mainClass.getName());
        }
        cmd.addAll(appArgs);
        return cmd;
    }

    private String appClassPath() {
        String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(testClassPath.split(File.pathSeparator))
                .filter(entry -> runtimeOnClassPath || !isRuntime(entry))
                .filter(entry -> !entry.contains("gmp-agent"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static boolean isRuntime(String entry) {
        String normalized = entry.replace('\\', '/');
        return normalized.contains("/runtime/target/") || normalized.contains("gmp-runtime");
    }

    /** Runs the JVM to completion. */
    Result run() throws IOException, InterruptedException {
        try (Running running = start()) {
            return running.awaitExit();
        }
    }

    Running start() throws IOException {
        Process process = new ProcessBuilder(command()).start();
        return new Running(process);
    }

    /** The outcome of a finished JVM. */
    record Result(int exitCode, List<String> stdout, List<String> stderr) {
        /** The value of the first stdout line {@code key=value}; fails when there is none. */
        String value(String key) {
            return stdout.stream().filter(line -> line.startsWith(key + "="))
                    .map(line -> line.substring(key.length() + 1))
                    .findFirst()
                    .orElseGet(() -> fail("no line " + key + "=... on stdout of:\n" + this));
        }

        List<String> values(String key) {
            return stdout.stream().filter(line -> line.startsWith(key + "="))
                    .map(line -> line.substring(key.length() + 1)).toList();
        }

        /** stderr without the JVM's own lines (the class-sharing note when the bootstrap path grows). */
        List<String> gmpLines() {
            return stderr.stream().filter(line -> line.startsWith("gmp: ")).toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", stdout)
                    + "\n--- stderr\n" + String.join("\n", stderr);
        }
    }

    /** A JVM still running; its output is collected as it comes. */
    static final class Running implements AutoCloseable {
        private final Process process;
        private final List<String> stdout = new ArrayList<>();
        private final List<String> stderr = new ArrayList<>();
        private final Thread outPump;
        private final Thread errPump;

        Running(Process process) {
            this.process = process;
            this.outPump = pump(process.getInputStream(), stdout);
            this.errPump = pump(process.getErrorStream(), stderr);
        }

        private static Thread pump(InputStream in, List<String> into) {
            return Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = reader.readLine()) != null) {
                        synchronized (into) {
                            into.add(line);
                            into.notifyAll();
                        }
                    }
                } catch (IOException e) {
                    // the process went away; what was read stays
                }
            });
        }

        long pid() {
            return process.pid();
        }

        /** Sends SIGINT, what Ctrl-C in a terminal sends (see {@link ForkedJvm#withDefaultSigint()}). */
        void interrupt() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT " + process.pid());
        }

        /** Writes one line to the JVM's stdin: how the long-running apps are told to stop. */
        void sendLine(String line) throws IOException {
            OutputStream stdin = process.getOutputStream();
            stdin.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /** The stderr lines printed so far. */
        List<String> stderrSoFar() {
            synchronized (stderr) {
                return List.copyOf(stderr);
            }
        }

        /** Waits for a stdout line matching {@code wanted}; fails with everything seen so far after the timeout. */
        String awaitStdout(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            return await(stdout, wanted, timeout);
        }

        /** Waits for a stderr line matching {@code wanted}; fails with everything seen so far after the timeout. */
        String awaitStderr(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            return await(stderr, wanted, timeout);
        }

        private String await(List<String> lines, Predicate<String> wanted, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            synchronized (lines) {
                while (true) {
                    for (String line : lines) {
                        if (wanted.test(line)) {
                            return line;
                        }
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0 || !process.isAlive() && !outPump.isAlive() && !errPump.isAlive()) {
                        break;
                    }
                    TimeUnit.NANOSECONDS.timedWait(lines, Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
                }
            }
            return fail("expected line not printed; so far:\n" + snapshot(process.isAlive() ? -1 : process.exitValue()));
        }

        Result awaitExit() throws InterruptedException {
            return awaitExit(TIMEOUT);
        }

        /** Waits for the JVM to end by itself; kills it and fails after {@code timeout}. */
        Result awaitExit(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor();
                outPump.join();
                errPump.join();
                fail("forked JVM did not finish within " + timeout + ":\n" + snapshot(-1));
            }
            outPump.join();
            errPump.join();
            return snapshot(process.exitValue());
        }

        private Result snapshot(int exitCode) {
            synchronized (stdout) {
                synchronized (stderr) {
                    return new Result(exitCode, List.copyOf(stdout), List.copyOf(stderr));
                }
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}

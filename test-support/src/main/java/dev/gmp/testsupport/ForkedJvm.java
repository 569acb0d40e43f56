package dev.gmp.testsupport;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
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
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A JVM started for one test: a main class on the current class path, or an executable jar
 * ({@code java -jar}), with JVM options and program arguments; run to completion ({@link #run()})
 * or started to be talked to while it runs ({@link #start()}).
 *
 * <p>Modules with more to say about the command line (a {@code -javaagent}, a trimmed class path, a
 * launcher in front of {@code java}) subclass it and override the {@code protected} parts of
 * {@link #command()}; their own static factories hide {@link #app} and {@link #jar}.
 */
public class ForkedJvm {
    /** A hang guard for one forked JVM; the programs tests fork finish in seconds. */
    public static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> appArgs = new ArrayList<>();
    /** The main class, or null for {@link #jar}. */
    private final Class<?> mainClass;
    /** The executable jar, or null for {@link #app}. */
    private final Path jar;

    protected ForkedJvm(Class<?> mainClass, Path jar) {
        this.mainClass = mainClass;
        this.jar = jar;
    }

    /** {@code java -cp CLASSPATH MAIN}. */
    public static ForkedJvm app(Class<?> mainClass) {
        return new ForkedJvm(mainClass, null);
    }

    /** {@code java -jar JAR}: an application packaged on its own, with nothing of the current class path. */
    public static ForkedJvm jar(Path jar) {
        return new ForkedJvm(null, jar);
    }

    /** Runs {@code main} with {@code jvmArgs} and {@code args} to completion, within {@link #TIMEOUT}. */
    public static Result run(Class<?> main, List<String> jvmArgs, String... args) throws IOException, InterruptedException {
        return app(main).jvmArgs(jvmArgs.toArray(String[]::new)).args(args).run();
    }

    public ForkedJvm jvmArgs(String... args) {
        jvmArgs.addAll(Arrays.asList(args));
        return this;
    }

    public ForkedJvm args(String... args) {
        appArgs.addAll(Arrays.asList(args));
        return this;
    }

    public final List<String> command() {
        List<String> command = new ArrayList<>(launcher());
        command.add(java());
        command.addAll(jvmOptions(jvmArgs));
        if (jar != null) {
            command.add("-jar");
            command.add(jar.toString());
        } else {
            command.add("-cp");
            command.add(classPath());
            command.add(mainClass.getName());
        }
        command.addAll(appArgs);
        return command;
    }

    /** Words before the java executable (e.g. {@code env ...}); none by default. */
    protected List<String> launcher() {
        return List.of();
    }

    /** The java executable: by default the one running this JVM. */
    protected String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The JVM options on the command line, given the ones asked for with {@link #jvmArgs}. */
    protected List<String> jvmOptions(List<String> requested) {
        return requested;
    }

    /** The class path of a main class: by default this JVM's. */
    protected String classPath() {
        return System.getProperty("java.class.path");
    }

    /** Runs the JVM to completion; kills it and fails after {@link #TIMEOUT}. */
    public Result run() throws IOException, InterruptedException {
        return run(TIMEOUT);
    }

    /** Runs the JVM to completion; kills it and fails after {@code timeout}. */
    public Result run(Duration timeout) throws IOException, InterruptedException {
        List<String> command = command();
        Path out = Files.createTempFile("gmp-forked-", ".out");
        Path err = Files.createTempFile("gmp-forked-", ".err");
        try {
            // Output goes to files, not pipes: a hung child (or a grandchild holding its streams)
            // then cannot block us past the timeout.
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            boolean exited = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!exited) {
                process.destroyForcibly().waitFor();
            }
            Result result = new Result(exited ? process.exitValue() : -1, lines(out), lines(err));
            if (!exited) {
                fail("forked JVM did not finish within " + timeout + ": " + command + "\n" + result);
            }
            return result;
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static List<String> lines(Path file) throws IOException {
        return List.copyOf(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    /** Starts the JVM; its output is collected as it comes. */
    public Running start() throws IOException {
        return new Running(new ProcessBuilder(command()).start());
    }

    /** The outcome of a finished JVM. */
    public record Result(int exitCode, List<String> stdout, List<String> stderr) {
        /** The value of the first stdout line {@code key=value}; fails when there is none. */
        public String value(String key) {
            return values(key).stream().findFirst()
                    .orElseGet(() -> fail("no line " + key + "=... on stdout of:\n" + this));
        }

        /** The values of every stdout line {@code key=value}, in order. */
        public List<String> values(String key) {
            return stdout.stream().filter(line -> line.startsWith(key + "="))
                    .map(line -> line.substring(key.length() + 1)).toList();
        }

        /** gmp's own stderr lines ({@code gmp: ...}), without the JVM's (the class-sharing note when the bootstrap path grows). */
        public List<String> gmpLines() {
            return stderr.stream().filter(line -> line.startsWith("gmp: ")).toList();
        }

        /** stdout, then stderr, as one text. */
        public String output() {
            return String.join("\n", stdout) + "\n" + String.join("\n", stderr);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + String.join("\n", stdout)
                    + "\n--- stderr\n" + String.join("\n", stderr);
        }
    }

    /** A JVM still running; its output is collected as it comes. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final List<String> stdout = new ArrayList<>();
        private final List<String> stderr = new ArrayList<>();
        private final Thread outPump;
        private final Thread errPump;

        public Running(Process process) {
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

        public long pid() {
            return process.pid();
        }

        /** Sends SIGINT, what Ctrl-C in a terminal sends. */
        public void interrupt() throws IOException, InterruptedException {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -INT " + process.pid());
        }

        /** Writes one line to the JVM's stdin: how long-running programs are told to stop. */
        public void sendLine(String line) throws IOException {
            OutputStream stdin = process.getOutputStream();
            stdin.write((line + System.lineSeparator()).getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        }

        /** The stderr lines printed so far. */
        public List<String> stderrSoFar() {
            synchronized (stderr) {
                return List.copyOf(stderr);
            }
        }

        /** Waits for a stdout line matching {@code wanted}; fails with everything seen so far after the timeout. */
        public String awaitStdout(Predicate<String> wanted, Duration timeout) throws InterruptedException {
            return await(stdout, wanted, timeout);
        }

        /** Waits for a stderr line matching {@code wanted}; fails with everything seen so far after the timeout. */
        public String awaitStderr(Predicate<String> wanted, Duration timeout) throws InterruptedException {
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

        public Result awaitExit() throws InterruptedException {
            return awaitExit(TIMEOUT);
        }

        /** Waits for the JVM to end by itself; kills it and fails after {@code timeout}. */
        public Result awaitExit(Duration timeout) throws InterruptedException {
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

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@link dev.gmp.testsupport.ForkedJvm} with what the agent adds: optionally
 * {@code -javaagent:gmp-agent.jar=OPTIONS}, and a class path without gmp-runtime unless asked for
 * (under the agent the runtime comes from the bootstrap class path); the java executable may be
 * chosen with {@code -Dgmp.it.java}.
 */
final class ForkedJvm extends dev.gmp.testsupport.ForkedJvm {
    private String agentOptions;
    private boolean withAgent;
    /** The agent jar to load; null: the packaged one ({@link #agentJar()}). */
    private Path agentJarCopy;
    private boolean runtimeOnClassPath;
    /** {@code -javaagent:} options the JVM gets ahead of gmp's, so their agents start first. */
    private final List<String> agentsFirst = new ArrayList<>();
    private boolean defaultSigint;
    /** The control group to start the JVM in, or null. */
    private Path cgroup;

    private ForkedJvm(Class<?> mainClass, Path jar) {
        super(mainClass, jar);
    }

    public static ForkedJvm app(Class<?> mainClass) {
        return new ForkedJvm(mainClass, null);
    }

    /** {@code java -jar JAR}: an application packaged on its own, with nothing of this module's class path. */
    public static ForkedJvm jar(Path jar) {
        return new ForkedJvm(null, jar);
    }

    @Override
    public ForkedJvm jvmArgs(String... args) {
        super.jvmArgs(args);
        return this;
    }

    @Override
    public ForkedJvm args(String... args) {
        super.args(args);
        return this;
    }

    /** Adds {@code -javaagent:gmp-agent.jar[=options]} ({@code null}: no options). */
    ForkedJvm agent(String options) {
        this.withAgent = true;
        this.agentOptions = options;
        return this;
    }

    /** Adds {@code -javaagent:JAR[=options]} for a copy of the agent jar kept elsewhere. */
    ForkedJvm agent(Path jar, String options) {
        this.agentJarCopy = jar;
        return agent(options);
    }

    /** Adds {@code -javaagent:JAR[=options]} ahead of gmp's: another agent, which the JVM starts first. */
    ForkedJvm agentFirst(Path jar, String options) {
        agentsFirst.add("-javaagent:" + jar + (options == null ? "" : "=" + options));
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

    /**
     * Starts the JVM inside the control group {@code cgroup} (a directory with a writable
     * {@code cgroup.procs}, e.g. a child of the pids controller whose {@code pids.max} caps the
     * JVM's threads): a shell moves itself there and then execs java.
     */
    ForkedJvm inCgroup(Path cgroup) {
        this.cgroup = cgroup;
        return this;
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

    @Override
    protected List<String> launcher() {
        List<String> launcher = new ArrayList<>();
        if (cgroup != null) {
            launcher.addAll(List.of("sh", "-c", "echo $$ > \"$0\"/cgroup.procs && exec \"$@\"", cgroup.toString()));
        }
        if (defaultSigint) {
            launcher.addAll(List.of("env", "--default-signal=INT"));
        }
        return launcher;
    }

    @Override
    protected String java() {
        return javaExecutable();
    }

    @Override
    protected List<String> jvmOptions(List<String> requested) {
        List<String> options = new ArrayList<>(agentsFirst);
        if (!withAgent) {
            options.addAll(requested);
            return options;
        }
        options.add("-javaagent:" + (agentJarCopy == null ? agentJar() : agentJarCopy) + (agentOptions == null ? "" : "=" + agentOptions));
        options.addAll(requested);
        return options;
    }

    @Override
    protected String classPath() {
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
}

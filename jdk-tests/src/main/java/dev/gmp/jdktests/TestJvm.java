package dev.gmp.jdktests;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs one {@code @run} line in a JVM of its own, on the JDK's scheduler or under gmp's agent. */
final class TestJvm {
    /**
     * How a run ended: {@code passed}, {@code failed (exit N)} or {@code timed out}, with the log, its
     * summary, and the tests that failed: JUnit's by display name and error (JUnitMain's FAILED lines),
     * a main test's as its uncaught exception.
     */
    record Outcome(String verdict, double seconds, Path log, List<String> summary, List<String> failedTests) {
        boolean passed() {
            return verdict.equals("passed");
        }
    }

    static final String UNCAUGHT_IN_MAIN = "Exception in thread \"main\" ";

    private final TestBuild build;
    private final String junitClassPath;
    private final Path logs;
    private final double timeoutFactor;

    TestJvm(TestBuild build, String junitClassPath, Path logs, double timeoutFactor) throws IOException {
        this.build = build;
        this.junitClassPath = junitClassPath;
        this.logs = Files.createDirectories(logs);
        this.timeoutFactor = timeoutFactor;
    }

    /**
     * The command for {@code run}: on the JDK's scheduler when {@code agent} is empty, else under
     * {@code -javaagent:AGENT=dashboard=off}. Both sides get the JDK's parallelism, {@code procs},
     * unless the line sets it: gmp takes it, and the line's {@code maxPoolSize} caps it, as for any
     * application tuned for the JDK's scheduler.
     */
    List<String> command(JtregTest test, RunLine run, Optional<Path> agent, int procs) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(),
                "-cp", build.classes() + File.pathSeparator + junitClassPath,
                "-Djava.library.path=" + build.natives(),
                "-Dtest.src=" + test.source().getParent(), "-Dtest.classes=" + build.classes(),
                "-Dtest.jdk=" + System.getProperty("java.home"), "-Dtest.vm.opts=", "-Dtest.java.opts=",
                "--enable-native-access=ALL-UNNAMED"));
        cmd.addAll(ModuleOptions.forJvm(test.modules()));
        agent.ifPresent(jar -> cmd.add("-javaagent:" + jar + "=dashboard=off"));
        if (run.systemProperty("jdk.virtualThreadScheduler.parallelism") == null) {
            cmd.add("-Djdk.virtualThreadScheduler.parallelism=" + procs);
        }
        cmd.addAll(run.vmOptions());
        if (run.junit()) {
            cmd.add(JUnitMain.class.getName());
            cmd.add(run.className());
        } else {
            cmd.add(run.className());
            cmd.addAll(run.args());
        }
        return cmd;
    }

    Outcome run(String name, JtregTest test, RunLine run, Optional<Path> agent, int procs) throws IOException, InterruptedException {
        List<String> cmd = command(test, run, agent, procs);
        Path log = logs.resolve(name.replaceAll("[^A-Za-z0-9_.=-]+", "_") + (agent.isPresent() ? "-gmp" : "-jdk") + "-" + procs + "p.log");
        Files.writeString(log, String.join(" ", cmd) + "\n\n");
        long start = System.nanoTime();
        Process jvm = new ProcessBuilder(cmd).directory(logs.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long timeoutMillis = Math.round(run.timeoutSeconds() * 1000 * timeoutFactor);
        String verdict;
        if (!jvm.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            threadDump(jvm, log);
            jvm.destroyForcibly().waitFor();
            verdict = "timed out";
        } else {
            verdict = jvm.exitValue() == 0 ? "passed" : "failed (exit " + jvm.exitValue() + ")";
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> lines = Files.readAllLines(log);
        List<String> summary = lines.stream()
                .filter(l -> l.startsWith("SUMMARY") || l.startsWith("FAILED") || l.contains("Exception") || l.contains("Error:"))
                .limit(8).toList();
        return new Outcome(verdict, seconds, log, summary, failedTests(run, verdict, lines));
    }

    /**
     * JUnitMain's FAILED lines; for a main test that failed by throwing, its uncaught exception
     * ({@code Exception in thread "main" ...}) as the one failed test; else none.
     */
    static List<String> failedTests(RunLine run, String verdict, List<String> lines) {
        if (run.junit()) {
            return lines.stream().filter(l -> l.startsWith("FAILED ")).map(l -> l.substring("FAILED ".length())).toList();
        }
        if (!verdict.startsWith("failed")) return List.of();
        return lines.stream().filter(l -> l.startsWith(UNCAUGHT_IN_MAIN)).limit(1).toList();
    }

    /** A hung test's threads, appended to its log before it is killed: what a hang report needs. */
    private static void threadDump(Process jvm, Path log) throws InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            dump.waitFor(20, TimeUnit.SECONDS);
        } catch (IOException e) {
            // no jcmd in this runtime: the log keeps what the test printed
        }
    }
}

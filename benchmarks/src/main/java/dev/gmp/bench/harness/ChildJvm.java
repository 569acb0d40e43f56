package dev.gmp.bench.harness;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Workload;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs one workload on one scheduler in a fresh JVM (same java binary and class path as the
 * harness) and returns its figure. A fresh JVM per measurement keeps the two schedulers from
 * sharing JIT state, heap or threads.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** A child's figure, or NaN and the reason it has none. */
    record Outcome(double figure, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    static List<String> command(String java, String classpath, Workload workload, Scheduler side, int procs, Size size) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(workload.jvmOptions());
        command.addAll(workload.sideJvmOptions(side, procs));
        command.add("-cp");
        command.add(classpath);
        command.add(WorkloadRunner.class.getName());
        command.add(workload.name());
        command.add(side.id());
        command.add(size.id());
        return command;
    }

    static Outcome run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Path log = Files.createTempFile("gmp-bench-child", ".log");
        try {
            // Output goes to a file, not a pipe: a child that hangs cannot block the harness on a read.
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                return new Outcome(Double.NaN, "timed out after " + timeout.toSeconds() + " s: " + tail(log));
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            double figure = WorkloadRunner.parse(output);
            if (process.exitValue() != 0 || Double.isNaN(figure)) {
                return new Outcome(Double.NaN, "exit code " + process.exitValue() + ": " + tail(log));
            }
            return new Outcome(figure, null);
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String tail(Path log) throws IOException {
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        return output.length() <= 2000 ? output : "..." + output.substring(output.length() - 2000);
    }
}

package dev.gmp.bench.harness;

import dev.gmp.bench.Scheduler;
import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Workload;
import dev.gmp.testsupport.ForkedJvm;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one workload on one scheduler in a fresh JVM (this JVM's java binary and class path, through
 * test-support's {@link ForkedJvm}) and returns its figure. A fresh JVM per measurement keeps the
 * two schedulers from sharing JIT state, heap or threads.
 */
final class ChildJvm {
    private ChildJvm() {}

    /** A child's figures, one per row of its workload, or null and the reason it has none. */
    record Outcome(double[] figures, String failure) {
        boolean failed() {
            return failure != null;
        }
    }

    /** {@code java <workload options> <side options> -cp <class path> WorkloadRunner <workload> <side> <size>}. */
    static ForkedJvm jvm(Workload workload, Scheduler side, int procs, Size size) {
        List<String> options = new ArrayList<>(workload.jvmOptions());
        options.addAll(workload.sideJvmOptions(side, procs));
        options.addAll(harnessProperties());
        return ForkedJvm.app(WorkloadRunner.class).jvmArgs(options.toArray(String[]::new))
                .args(workload.name(), side.id(), size.id());
    }

    /**
     * The harness's own settings ({@code -Dgmp.bench.*}, e.g. where the bench kit keeps the agent jar),
     * passed on to every child: a workload may read them in the child too.
     */
    static List<String> harnessProperties() {
        return System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith(PROPERTY_PREFIX)).sorted()
                .map(name -> "-D" + name + "=" + System.getProperty(name)).toList();
    }

    static final String PROPERTY_PREFIX = "gmp.bench.";

    /**
     * Runs {@code jvm} and reads its figures, which must be {@code count}: one per row of its
     * workload, or two when the child fills both columns.
     */
    static Outcome run(ForkedJvm jvm, int count, Duration timeout) throws IOException, InterruptedException {
        ForkedJvm.Result result;
        try {
            result = jvm.run(timeout);
        } catch (AssertionError e) { // ForkedJvm's way, made for tests, to say the JVM was killed at the timeout
            return new Outcome(null, "timed out after " + timeout.toSeconds() + " s: " + tail(e.getMessage()));
        }
        double[] figures = WorkloadRunner.parse(String.join("\n", result.stdout()));
        if (result.exitCode() != 0 || figures == null || figures.length != count || Arrays.stream(figures).anyMatch(Double::isNaN)) {
            return new Outcome(null, "exit code " + result.exitCode() + ": " + tail(result.output()));
        }
        return new Outcome(figures, null);
    }

    private static String tail(String output) {
        String text = output.strip();
        return text.length() <= 2000 ? text : "..." + text.substring(text.length() - 2000);
    }
}

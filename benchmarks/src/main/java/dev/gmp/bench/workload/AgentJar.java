package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds gmp's agent jar for the workloads that run a side under {@code -javaagent}. {@code ./gmp
 * bench} runs from the repository root and builds the agent; tests run from {@code benchmarks/},
 * so the jar is looked for in the working directory and each of its parents.
 */
final class AgentJar {
    private AgentJar() {}

    static final String RELATIVE = "agent/target/gmp-agent.jar";

    /** A system property naming the agent jar, for a layout other than the repository's (the bench kit's). */
    static final String PROPERTY = "gmp.bench.agentJar";

    /** The agent jar's absolute path; throws naming where it looked and how to build it. */
    static Path find() {
        String named = System.getProperty(PROPERTY);
        if (named != null) {
            Path jar = Path.of(named).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("-D" + PROPERTY + " names " + jar + ", which is not a file");
            }
            return jar;
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(RELATIVE);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + RELATIVE + " in " + cwd + " or its parents: build it with "
                + "'mvn -pl agent -am package' (./gmp bench does)");
    }

    /**
     * The JVM options of a row whose gmp column runs under the agent and whose JDK column runs the same
     * program without it: the side's own flags, and for gmp {@code -javaagent:<jar>=procs=<procs>,<agentOptions>}.
     */
    static List<String> underAgentOnGmpSide(Scheduler side, int procs, String agentOptions) {
        List<String> options = new ArrayList<>(side.jvmOptions(procs));
        if (side == Scheduler.GMP) {
            options.add(option("procs=" + procs + "," + agentOptions));
        }
        return options;
    }

    /** {@code -javaagent:<jar>=<options>}. */
    static String option(String agentOptions) {
        return "-javaagent:" + find() + "=" + agentOptions;
    }
}

package dev.gmp.bench.workload;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds gmp's agent jar for the workloads that run a side under {@code -javaagent}. {@code ./gmp
 * bench} runs from the repository root and builds the agent; tests run from {@code benchmarks/},
 * so the jar is looked for in the working directory and each of its parents.
 */
final class AgentJar {
    private AgentJar() {}

    static final String RELATIVE = "agent/target/gmp-agent.jar";

    /** The agent jar's absolute path; throws naming where it looked and how to build it. */
    static Path find() {
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

    /** {@code -javaagent:<jar>=<options>}. */
    static String option(String agentOptions) {
        return "-javaagent:" + find() + "=" + agentOptions;
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.List;

/**
 * A storm of many virtual threads whose timed parks must go through gmp's per-P timers, so its gmp
 * side runs under the agent (as a library, gmp's sleeps wait on the JDK's timer threads). A storm
 * takes seconds: one warm-up and one measured storm per JVM.
 */
abstract class AgentSideStorm extends MultiRowWorkload {
    private final String agentOptions;

    /** Under the agent with {@code dashboard=off}. */
    protected AgentSideStorm(String name, List<WorkloadInfo> rows) {
        this(name, rows, "dashboard=off");
    }

    /** Under the agent with these options (besides procs). */
    protected AgentSideStorm(String name, List<WorkloadInfo> rows, String agentOptions) {
        super(name, rows);
        this.agentOptions = agentOptions;
    }

    @Override
    public final List<String> sideJvmOptions(Scheduler side, int procs) {
        return AgentJar.underAgentOnGmpSide(side, procs, agentOptions);
    }

    @Override
    public final int warmups(Size size) {
        return 1;
    }

    @Override
    public final int measurements(Size size) {
        return 1;
    }
}

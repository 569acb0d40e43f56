package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * The JDK's own HttpServer with a virtual thread per request, loaded in the same JVM by 64
 * keep-alive connections: the gmp column runs it under {@code -javaagent:gmp-agent.jar=procs=P}, as
 * an application would, the JDK column without the agent. Unlike agent-http, the goal is to beat
 * the JDK's scheduler, not to cost little, and the client is a light hand-written one so that the
 * server's scheduling, not the client, takes most of the CPU.
 */
public final class HttpInproc extends AbstractWorkload {
    static final int CONNECTIONS = 64;

    public HttpInproc() {
        super(new WorkloadInfo("http-inproc",
                "in-process JDK HttpServer, virtual thread per request, " + CONNECTIONS
                        + " keep-alive clients (gmp column: under the agent)",
                "ms/1k requests",
                Goal.ratios("≥ 1.05× JDK throughput (≤ 0.952× JDK time)", 1 / 1.05, Double.NaN),
                "a JDK HttpServer on 127.0.0.1 with newVirtualThreadPerTaskExecutor answers each GET with a fixed "
                        + FixedCostHttpServer.WORK_ITERATIONS + "-step xorshift loop and a short body; " + CONNECTIONS
                        + " platform threads in the same JVM each keep one HTTP/1.1 connection and send the next request "
                        + "when the answer is in; 1 s of load unmeasured, then the requests answered in 2 s (quick: 0.3 s "
                        + "and 1 s), after warm-up runs until the JIT compilers used at most "
                        + Math.round(100 * JitWarmUp.QUIET_SHARE) + " % of a CPU in one (at most "
                        + JitWarmUp.SERVER_CAP.toSeconds() + " s); figure = ms per 1,000 requests; the gmp side runs under "
                        + "-javaagent:gmp-agent.jar=procs=P,dashboard=off, the JDK side without the agent",
                GoFigure.twin("manycore", "http", "Go: net/http server, the same loop and client, in one process")));
    }

    @Override
    public Duration warmUpUntilJitQuiet() {
        return JitWarmUp.SERVER_CAP;
    }

    @Override
    public List<String> jvmOptions() {
        return KeepAliveLoad.serverJvmOptions();
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        return AgentJar.underAgentOnGmpSide(side, procs, "dashboard=off");
    }

    @Override
    public double measure(Scheduler side, Size size) throws IOException, InterruptedException {
        try (FixedCostHttpServer server = new FixedCostHttpServer()) {
            KeepAliveLoad.Outcome load = KeepAliveLoad.run(server.port(), "/work", CONNECTIONS,
                    Duration.ofMillis(size.pick(300, 1_000)), Duration.ofMillis(size.pick(1_000, 2_000)));
            return load.requireNoFailures("/work").millisPerThousand();
        }
    }
}

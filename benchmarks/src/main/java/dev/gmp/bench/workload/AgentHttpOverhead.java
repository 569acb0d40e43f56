package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import dev.gmp.testsupport.LoopbackLoad;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * gmp's agent on a real virtual-thread HTTP server under loopback load: the JDK side runs
 * {@link FixedCostHttpServer} as is (no agent: the JDK default scheduler), the gmp side runs the
 * same code under {@code -javaagent:gmp-agent.jar=dashboard=off} (and, in the second row, with a
 * JFR recording, {@code jfr=<file>}). The load is {@link LoopbackLoad} in the same JVM.
 *
 * <p>Throughput is higher-is-better and the harness compares lower-is-better figures, so the
 * figure is its inverse, milliseconds per 1,000 requests; "≤ 5 % throughput loss" is then
 * gmp ≤ JDK / 0.95.
 */
public final class AgentHttpOverhead extends AbstractWorkload {
    static final int CONCURRENCY = 64;
    private static final Duration TIME_BOUND = Duration.ofSeconds(60);

    /** What the gmp column runs under. */
    private enum Variant { AGENT, AGENT_JFR, AGENT_WITHOUT_REDIRECT }

    private final Variant variant;

    private AgentHttpOverhead(Variant variant) {
        super(info(variant));
        this.variant = variant;
    }

    /** The agent with its dashboard off. */
    public static AgentHttpOverhead plain() {
        return new AgentHttpOverhead(Variant.AGENT);
    }

    /** The agent with its dashboard off and a JFR recording ({@code jfr=}). */
    public static AgentHttpOverhead withJfr() {
        return new AgentHttpOverhead(Variant.AGENT_JFR);
    }

    /**
     * The agent loaded with {@code redirect=off}: the server's virtual threads stay on the JDK's
     * scheduler, so the gmp column shows what loading the agent costs before gmp schedules anything
     * (the JVM's JVMTI notifications at every mount and unmount, the agent's hooks).
     */
    public static AgentHttpOverhead presenceOnly() {
        return new AgentHttpOverhead(Variant.AGENT_WITHOUT_REDIRECT);
    }

    @Override
    public Duration warmUpUntilJitQuiet() {
        return JitWarmUp.SERVER_CAP;
    }

    private static WorkloadInfo info(Variant variant) {
        String server = "a JDK HttpServer on 127.0.0.1, one virtual thread per request (newVirtualThreadPerTaskExecutor), each "
                + "request a fixed " + FixedCostHttpServer.WORK_ITERATIONS + "-step xorshift loop and a short body, "
                + "loaded in the same JVM by java.net.http.HttpClient on " + CONCURRENCY + " platform threads, "
                + CONCURRENCY + " requests in flight, 20,000 requests per measurement (quick: 2,000), 60 s bound, "
                + "after warm-up runs until the JIT compilers used at most " + Math.round(100 * JitWarmUp.QUIET_SHARE)
                + " % of a CPU in one (at most " + JitWarmUp.SERVER_CAP.toSeconds() + " s); "
                + "figure = elapsed ms per 1,000 requests (inverse throughput); ";
        if (variant == Variant.AGENT_WITHOUT_REDIRECT) {
            return new WorkloadInfo("agent-http-presence",
                    "the agent-http server on the JDK's own scheduler, with the agent loaded but `redirect=off` "
                            + "(gmp column) against no agent (JDK column): what loading the agent costs by itself",
                    "ms/1k requests",
                    Goal.report("report: the share of agent-http's gap that is not gmp's scheduling"),
                    server + "the gmp column runs the JDK's scheduler (parallelism P) under "
                            + "-javaagent:agent/target/gmp-agent.jar=dashboard=off,redirect=off, the JDK column without the agent");
        }
        boolean jfr = variant == Variant.AGENT_JFR;
        double maxLoss = jfr ? 0.10 : 0.05;
        return new WorkloadInfo(jfr ? "agent-http-jfr" : "agent-http",
                "agent overhead on a virtual-thread HTTP server under loopback load"
                        + (jfr ? ", agent with `jfr=`" : "") + " (gmp column: under the agent; JDK column: no agent)",
                "ms/1k requests",
                Goal.ratios(String.format(Locale.ROOT, "≤ %.0f %% throughput loss (≤ %.3f× JDK time)", maxLoss * 100, 1 / (1 - maxLoss)),
                        1 / (1 - maxLoss), Double.NaN),
                server + "the gmp side runs under "
                        + "-javaagent:agent/target/gmp-agent.jar=dashboard=off" + (jfr ? ",jfr=<temp file>" : "")
                        + ", the JDK side without the agent. A fixed-cost handler, not the demo's DemoService, whose "
                        + "file reads, sleeps and random paths would make the two sides' runs differ by more than the agent");
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        if (side == Scheduler.JDK) {
            return side.jvmOptions(procs);
        }
        if (variant == Variant.AGENT_WITHOUT_REDIRECT) {
            List<String> options = new ArrayList<>(Scheduler.JDK.jvmOptions(procs));
            options.add(AgentJar.option("dashboard=off,redirect=off"));
            return options;
        }
        List<String> options = new ArrayList<>(side.jvmOptions(procs));
        options.add(AgentJar.option("dashboard=off" + (variant == Variant.AGENT_JFR ? ",jfr=" + recordingFile() : "")));
        return options;
    }

    /** A fresh file name for one child's recording, deleted when the harness exits. */
    static Path recordingFile() {
        try {
            Path file = Files.createTempFile("gmp-bench-agent-", ".jfr");
            Files.delete(file); // the agent writes it at the child's exit
            new File(file.toString()).deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a temporary file name for the JFR recording: " + e.getMessage(), e);
        }
    }

    @Override
    public double measure(Scheduler side, Size size) throws IOException, InterruptedException {
        int requests = size.pick(2_000, 20_000);
        try (FixedCostHttpServer server = new FixedCostHttpServer()) {
            LoopbackLoad.Outcome result = load(server, requests, () -> { });
            return result.elapsed().toNanos() / 1e6 / (requests / 1_000.0);
        }
    }

    /**
     * This row's load on {@code server}: {@code requests} requests, {@value #CONCURRENCY} in flight,
     * {@code answered} run on a client thread for each one answered 200. Throws unless every request
     * was answered 200 within the time bound.
     */
    static LoopbackLoad.Outcome load(FixedCostHttpServer server, int requests, Runnable answered) throws InterruptedException {
        LoopbackLoad.Outcome result = LoopbackLoad.run(server.port(), "/work", requests, CONCURRENCY, TIME_BOUND, response -> {
            answered.run();
            return null;
        });
        if (!result.completed() || result.failed() > 0 || result.ok() != requests) {
            throw new IllegalStateException("load run incomplete: " + result.ok() + " ok, " + result.failed()
                    + " failed of " + requests + (result.completed() ? "" : ", time bound " + TIME_BOUND.toSeconds() + " s hit"));
        }
        return result;
    }
}

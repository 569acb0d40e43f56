package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@link RealishServer} under steady keep-alive load, one endpoint after another: the gmp column
 * runs it under gmp's agent, the JDK column without the agent, and the harness alternates the two.
 * Each endpoint gives two rows, its inverse throughput and its 99th-percentile latency. One variant
 * runs the agent with its dashboard off, the other with the dashboard on and a JFR recording, as a
 * user watching the server would.
 */
public final class RealServer extends MultiRowWorkload {
    static final int CONNECTIONS = 64;

    private final boolean watched;

    private RealServer(boolean watched) {
        super(watched ? "real-server-watched" : "real-server", rows(watched));
        this.watched = watched;
    }

    /** The agent with its dashboard off. */
    public static RealServer plain() {
        return new RealServer(false);
    }

    /** The agent with its dashboard on (any free port) and a JFR recording ({@code jfr=}). */
    public static RealServer watched() {
        return new RealServer(true);
    }

    private static List<WorkloadInfo> rows(boolean watched) {
        String prefix = watched ? "real-server-watched" : "real-server";
        String agent = watched ? "dashboard=0,jfr=<temp file>" : "dashboard=off";
        double minThroughput = watched ? 0.9 : 0.95;
        String method = "a JDK HttpServer on 127.0.0.1, a virtual thread per request, with four endpoints: /hello; /monitor "
                + "(synchronized on one of " + RealishServer.MONITORS + " monitors around Thread.sleep(1)); /db (a HikariCP "
                + "pool of " + RealishServer.POOL_SIZE + " H2 in-memory connections, one indexed SELECT); /fanout ("
                + RealishServer.FAN_OUT + " virtual threads × " + RealishServer.FAN_OUT_SLEEP_MILLIS + " ms sleep, joined). "
                + CONNECTIONS + " keep-alive connections on platform threads in the same JVM load the endpoints one after "
                + "another, after rounds of 0.5 s of warm-up on each until the JIT compilers used at most "
                + Math.round(100 * JitWarmUp.QUIET_SHARE) + " % of a CPU in a round (at most " + JitWarmUp.SERVER_CAP.toSeconds()
                + " s): 0.25 s unmeasured, then 1.5 s counted, with every request's latency (quick: one round of 0.2 s "
                + "each, 0.1 s and 0.5 s); the gmp side runs under -javaagent:gmp-agent.jar=procs=P,"
                + agent + ", the JDK side without the agent";
        List<WorkloadInfo> rows = new ArrayList<>();
        for (String endpoint : RealishServer.ENDPOINTS) {
            String name = endpoint.substring(1);
            rows.add(new WorkloadInfo(prefix + "-" + name,
                    "real-ish server " + endpoint + (watched ? ", agent with dashboard and `jfr=`" : "")
                            + ": time per 1k requests (gmp column: under the agent; JDK column: no agent)",
                    "ms/1k requests",
                    Goal.ratios(String.format(Locale.ROOT, "≥ %.2f× throughput (≤ %.3f× JDK time)", minThroughput, 1 / minThroughput),
                            1 / minThroughput, Double.NaN),
                    method));
            rows.add(new WorkloadInfo(prefix + "-" + name + "-p99",
                    "real-ish server " + endpoint + (watched ? ", with dashboard and `jfr=`" : "") + ": p99 latency",
                    "ms",
                    watched ? Goal.report("report") : Goal.ratios("≤ 1.1× JDK", 1.1, Double.NaN),
                    method));
        }
        return rows;
    }

    @Override
    public List<String> jvmOptions() {
        return KeepAliveLoad.serverJvmOptions();
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        return AgentJar.underAgentOnGmpSide(side, procs,
                watched ? "dashboard=0,jfr=" + AgentHttpOverhead.recordingFile() : "dashboard=off");
    }

    @Override
    public int warmups(Size size) {
        return 0; // each run warms every endpoint up first
    }

    @Override
    public int measurements(Size size) {
        return 1;
    }

    @Override
    public double[] measureRows(Scheduler side, Size size) throws Exception {
        Duration warmUp = Duration.ofMillis(size.pick(200, 500));
        Duration settle = Duration.ofMillis(size.pick(100, 250));
        Duration window = Duration.ofMillis(size.pick(500, 1_500));
        try (RealishServer server = new RealishServer()) {
            JitWarmUp.untilQuiet(name(), size == Size.QUICK ? Duration.ZERO : JitWarmUp.SERVER_CAP, () -> {
                for (String endpoint : RealishServer.ENDPOINTS) {
                    KeepAliveLoad.run(server.port(), endpoint, CONNECTIONS, Duration.ZERO, warmUp).requireNoFailures(endpoint);
                }
            });
            double[] figures = new double[RealishServer.ENDPOINTS.size() * 2];
            int i = 0;
            for (String endpoint : RealishServer.ENDPOINTS) {
                KeepAliveLoad.Outcome load = KeepAliveLoad.run(server.port(), endpoint, CONNECTIONS, settle, window)
                        .requireNoFailures(endpoint);
                figures[i++] = load.millisPerThousand();
                figures[i++] = load.latencyMillis(0.99);
            }
            return figures;
        }
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of gmp's always-on flight recorder, measured on gmp with the recorder on (the table's gmp
 * column, the default) and with {@code -Dgmp.flightRecorder=off} (the JDK column): both sides are
 * gmp, so the on/off ratio is the recorder's cost. Three loads: the cheapest hand-offs, where a
 * per-slice cost shows most (a park/unpark and an unbuffered Chan ping-pong; ns per round trip),
 * and the agent-http server (ms per 1,000 requests, both sides under the agent).
 */
public final class FlightRecorderCost extends AbstractWorkload {
    private enum Load { PARK, CHAN, HTTP }

    private final Load load;

    private FlightRecorderCost(WorkloadInfo info, Load load) {
        super(info);
        this.load = load;
    }

    /** Park/unpark ping-pong, recorder on vs off. */
    public static FlightRecorderCost park() {
        return new FlightRecorderCost(info("flight-recorder-park", "ping-pong (park/unpark)", "ns/round trip",
                "the pingpong-park code"), Load.PARK);
    }

    /** Unbuffered Chan ping-pong, recorder on vs off. */
    public static FlightRecorderCost chan() {
        return new FlightRecorderCost(info("flight-recorder-chan", "ping-pong (unbuffered Chan)", "ns/round trip",
                "the pingpong-chan gmp code"), Load.CHAN);
    }

    /** The agent-http load, both sides under the agent, recorder on vs off. */
    public static FlightRecorderCost http() {
        return new FlightRecorderCost(info("flight-recorder-http", "agent-http server", "ms/1k requests",
                "the agent-http code (both sides under -javaagent:agent/target/gmp-agent.jar=dashboard=off)"), Load.HTTP);
    }

    private static WorkloadInfo info(String name, String what, String unit, String code) {
        return new WorkloadInfo(name,
                what + ", both on gmp (gmp column: flight recorder on; JDK column: off)",
                unit,
                Goal.ratios("≤ 1.03× recorder off", 1.03, Double.NaN),
                code + " on gmp with the flight recorder on (default) in the gmp column and -Dgmp.flightRecorder=off in the JDK column");
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        List<String> options = new ArrayList<>(Scheduler.GMP.jvmOptions(procs));
        options.add("-Dgmp.flightRecorder=" + (side == Scheduler.GMP ? "on" : "off"));
        if (load == Load.HTTP) {
            options.add(AgentJar.option("dashboard=off"));
        }
        return options;
    }

    @Override
    public double measure(Scheduler side, Size size) throws Exception {
        int rounds = size.pick(20_000, 1_000_000);
        // Always gmp: both sides of this row run the scheduler, with and without the recorder.
        return switch (load) {
            case PARK -> ParkPingPong.nanosPerRoundTrip(Scheduler.GMP, rounds);
            case CHAN -> ChanPingPong.nanosPerRoundTrip(Scheduler.GMP, rounds, 0);
            case HTTP -> AgentHttpOverhead.plain().measure(Scheduler.GMP, size);
        };
    }
}

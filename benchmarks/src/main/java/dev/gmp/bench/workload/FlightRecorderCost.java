package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of gmp's always-on flight recorder on the cheapest hand-offs, where a per-slice cost shows
 * most: a ping-pong (park/unpark, or gmp's unbuffered Chan) run on gmp with the recorder on (the
 * table's gmp column, the default) and with {@code -Dgmp.flightRecorder=off} (the JDK column). Both
 * sides are gmp; the on/off ratio is the recorder's cost. Figure: nanoseconds per round trip.
 */
public final class FlightRecorderCost extends AbstractWorkload {
    private final boolean chan;

    private FlightRecorderCost(WorkloadInfo info, boolean chan) {
        super(info);
        this.chan = chan;
    }

    /** Park/unpark ping-pong, recorder on vs off. */
    public static FlightRecorderCost park() {
        return new FlightRecorderCost(info("flight-recorder-park", "park/unpark", "the pingpong-park code"), false);
    }

    /** Unbuffered Chan ping-pong, recorder on vs off. */
    public static FlightRecorderCost chan() {
        return new FlightRecorderCost(info("flight-recorder-chan", "unbuffered Chan", "the pingpong-chan gmp code"), true);
    }

    private static WorkloadInfo info(String name, String handOff, String code) {
        return new WorkloadInfo(name,
                "ping-pong (" + handOff + "), both on gmp (gmp column: flight recorder on; JDK column: off)",
                "ns/round trip",
                Goal.ratios("≤ 1.03× recorder off", 1.03, Double.NaN),
                code + " on gmp with the flight recorder on (default) in the gmp column and -Dgmp.flightRecorder=off in the JDK column");
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        List<String> options = new ArrayList<>(Scheduler.GMP.jvmOptions(procs));
        options.add("-Dgmp.flightRecorder=" + (side == Scheduler.GMP ? "on" : "off"));
        return options;
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        int rounds = size.pick(20_000, 1_000_000);
        // Always gmp: both sides of this row run the scheduler, with and without the recorder.
        return chan
                ? ChanPingPong.nanosPerRoundTrip(Scheduler.GMP, rounds, 0)
                : ParkPingPong.nanosPerRoundTrip(Scheduler.GMP, rounds);
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of an always-on gmp feature that a {@code -Dgmp.<feature>=off} switch removes, on the
 * cheapest hand-offs, where a per-slice cost shows most: a ping-pong (park/unpark, or gmp's
 * unbuffered Chan) run on gmp with the feature on (the table's gmp column, the default) and off (the
 * JDK column). Both sides are gmp; the on/off ratio is the feature's cost. Figure: nanoseconds per
 * round trip. Features: the flight recorder ({@code gmp.flightRecorder}) and the scheduling-latency
 * and slice histograms ({@code gmp.schedStats}).
 */
public final class FeatureCost extends AbstractWorkload {
    private final String property;
    private final boolean chan;

    private FeatureCost(WorkloadInfo info, String property, boolean chan) {
        super(info);
        this.property = property;
        this.chan = chan;
    }

    /** Park/unpark ping-pong, flight recorder on vs off. */
    public static FeatureCost flightRecorderPark() {
        return flightRecorder("flight-recorder-park", "park/unpark", "the pingpong-park code", false);
    }

    /** Unbuffered Chan ping-pong, flight recorder on vs off. */
    public static FeatureCost flightRecorderChan() {
        return flightRecorder("flight-recorder-chan", "unbuffered Chan", "the pingpong-chan gmp code", true);
    }

    /** Park/unpark ping-pong, latency and slice histograms on vs off. */
    public static FeatureCost histogramsPark() {
        return histograms("histograms-park", "park/unpark", "the pingpong-park code", false);
    }

    /** Unbuffered Chan ping-pong, latency and slice histograms on vs off. */
    public static FeatureCost histogramsChan() {
        return histograms("histograms-chan", "unbuffered Chan", "the pingpong-chan gmp code", true);
    }

    private static FeatureCost flightRecorder(String name, String handOff, String code, boolean chan) {
        return new FeatureCost(info(name, handOff, code, "flight recorder", "recorder", "gmp.flightRecorder"),
                "gmp.flightRecorder", chan);
    }

    private static FeatureCost histograms(String name, String handOff, String code, boolean chan) {
        return new FeatureCost(info(name, handOff, code, "latency and slice histograms", "histograms", "gmp.schedStats"),
                "gmp.schedStats", chan);
    }

    private static WorkloadInfo info(String name, String handOff, String code, String feature, String shortName, String property) {
        return new WorkloadInfo(name,
                "ping-pong (" + handOff + "), both on gmp (gmp column: " + feature + " on; JDK column: off)",
                "ns/round trip",
                Goal.ratios("≤ 1.03× " + shortName + " off", 1.03, Double.NaN),
                code + " on gmp with the " + feature + " on (default) in the gmp column and -D" + property + "=off in the JDK column");
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        List<String> options = new ArrayList<>(Scheduler.GMP.jvmOptions(procs));
        options.add("-D" + property + "=" + (side == Scheduler.GMP ? "on" : "off"));
        return options;
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        int rounds = size.pick(20_000, 1_000_000);
        // Always gmp: both sides of this row run the scheduler, with and without the feature.
        return chan
                ? ChanPingPong.nanosPerRoundTrip(Scheduler.GMP, rounds, 0)
                : ParkPingPong.nanosPerRoundTrip(Scheduler.GMP, rounds);
    }
}

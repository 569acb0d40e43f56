package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of an always-on gmp feature that a {@code -Dgmp.<feature>=off} switch removes, run on gmp
 * with the feature on (the table's gmp column, the default) and off (the JDK column): both sides are
 * gmp, so the on/off ratio is the feature's cost. Three loads: the cheapest hand-offs, where a
 * per-slice cost shows most (a park/unpark and an unbuffered Chan ping-pong; ns per round trip), and
 * the agent-http server (ms per 1,000 requests, both sides under the agent). Features: the flight
 * recorder ({@code gmp.flightRecorder}) and the scheduling-latency and slice histograms
 * ({@code gmp.schedStats}).
 */
public final class FeatureCost extends AbstractWorkload {
    private enum Load {
        PARK("ping-pong (park/unpark)", "ns/round trip", "the pingpong-park code"),
        CHAN("ping-pong (unbuffered Chan)", "ns/round trip", "the pingpong-chan gmp code"),
        HTTP("agent-http server", "ms/1k requests", "the agent-http code (both sides under -javaagent:agent/target/gmp-agent.jar=dashboard=off)");

        final String what;
        final String unit;
        final String code;

        Load(String what, String unit, String code) {
            this.what = what;
            this.unit = unit;
            this.code = code;
        }
    }

    private enum Feature {
        FLIGHT_RECORDER("flight-recorder", "flight recorder", "recorder", "gmp.flightRecorder"),
        HISTOGRAMS("histograms", "latency and slice histograms", "histograms", "gmp.schedStats");

        final String rowPrefix;
        final String name;
        final String shortName;
        final String property;

        Feature(String rowPrefix, String name, String shortName, String property) {
            this.rowPrefix = rowPrefix;
            this.name = name;
            this.shortName = shortName;
            this.property = property;
        }
    }

    private final Feature feature;
    private final Load load;

    private FeatureCost(Feature feature, Load load) {
        super(new WorkloadInfo(feature.rowPrefix + "-" + load.name().toLowerCase(java.util.Locale.ROOT),
                load.what + ", both on gmp (gmp column: " + feature.name + " on; JDK column: off)",
                load.unit,
                Goal.ratios("≤ 1.03× " + feature.shortName + " off", 1.03, Double.NaN),
                load.code + " on gmp with the " + feature.name + " on (default) in the gmp column and -D"
                        + feature.property + "=off in the JDK column; the median of at least " + MIN_JVMS + " JVMs per side"));
        this.feature = feature;
        this.load = load;
    }

    public static FeatureCost flightRecorderPark() {
        return new FeatureCost(Feature.FLIGHT_RECORDER, Load.PARK);
    }

    public static FeatureCost flightRecorderChan() {
        return new FeatureCost(Feature.FLIGHT_RECORDER, Load.CHAN);
    }

    public static FeatureCost flightRecorderHttp() {
        return new FeatureCost(Feature.FLIGHT_RECORDER, Load.HTTP);
    }

    public static FeatureCost histogramsPark() {
        return new FeatureCost(Feature.HISTOGRAMS, Load.PARK);
    }

    public static FeatureCost histogramsChan() {
        return new FeatureCost(Feature.HISTOGRAMS, Load.CHAN);
    }

    public static FeatureCost histogramsHttp() {
        return new FeatureCost(Feature.HISTOGRAMS, Load.HTTP);
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        List<String> options = new ArrayList<>(Scheduler.GMP.jvmOptions(procs));
        options.add("-D" + feature.property + "=" + (side == Scheduler.GMP ? "on" : "off"));
        if (load == Load.HTTP) {
            options.add(AgentJar.option("dashboard=off"));
        }
        return options;
    }

    /**
     * A 3 % goal against a spread of about 10 % between two JVMs of the same configuration (the
     * ping-pongs' figure depends on where the JVM placed the channels and on which P the pair
     * settles): the median of {@value #MIN_JVMS} JVMs per side at full size.
     */
    @Override
    public int minRounds(Size size) {
        return size.pick(1, MIN_JVMS);
    }

    private static final int MIN_JVMS = 6;

    @Override
    public double measure(Scheduler side, Size size) throws Exception {
        int rounds = size.pick(20_000, 1_000_000);
        // Always gmp: both sides of this row run the scheduler, with and without the feature.
        return switch (load) {
            case PARK -> ParkPingPong.nanosPerRoundTrip(Scheduler.GMP, rounds);
            case CHAN -> ChanPingPong.nanosPerRoundTrip(Scheduler.GMP, rounds, 0);
            case HTTP -> AgentHttpOverhead.plain().measure(Scheduler.GMP, size);
        };
    }
}

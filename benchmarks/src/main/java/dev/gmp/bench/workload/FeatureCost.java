package dev.gmp.bench.workload;

import dev.gmp.Gmp;
import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The cost of an always-on gmp feature, run on gmp with the feature on (the table's gmp column, the
 * default) and stopped at run time (the JDK column), both in the same JVMs: the on/stopped ratio is
 * the feature's cost. Measured inside each JVM because two JVMs of one configuration differ by more
 * than the 3 % goal (where the JVM placed the objects, on which P a pair settles). Three loads: the
 * cheapest hand-offs, where a per-slice cost shows most (a park/unpark and an unbuffered Chan
 * ping-pong; ns per round trip), and the agent-http server (ms per 1,000 requests, under the agent).
 * Features: the flight recorder ({@code Gmp.flightRecorder().stop()/start()}) and the
 * scheduling-latency and slice histograms ({@code Gmp.schedStatsSampling}).
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
        FLIGHT_RECORDER("flight-recorder", "flight recorder", "recorder", "gmp.flightRecorder",
                "Gmp.flightRecorder().stop()", "one volatile read per slice"),
        HISTOGRAMS("histograms", "latency and slice histograms", "histograms", "gmp.schedStats",
                "Gmp.schedStatsSampling(false)", "one volatile read per 32nd transition to runnable");

        final String rowPrefix;
        final String name;
        final String shortName;
        final String property;
        final String stopCall;
        final String stoppedCost;

        Feature(String rowPrefix, String name, String shortName, String property, String stopCall, String stoppedCost) {
            this.rowPrefix = rowPrefix;
            this.name = name;
            this.shortName = shortName;
            this.property = property;
            this.stopCall = stopCall;
            this.stoppedCost = stoppedCost;
        }

        /** Switches this feature on or off in this JVM (both are on at start-up). */
        void switchTo(boolean on) {
            switch (this) {
                case FLIGHT_RECORDER -> {
                    if (on) Gmp.flightRecorder().start(); else Gmp.flightRecorder().stop();
                }
                case HISTOGRAMS -> Gmp.schedStatsSampling(on);
            }
        }
    }

    private final Feature feature;
    private final Load load;

    private FeatureCost(Feature feature, Load load) {
        super(new WorkloadInfo(feature.rowPrefix + "-" + load.name().toLowerCase(java.util.Locale.ROOT),
                load.what + " on gmp, in the same JVMs (gmp column: " + feature.name + " on; JDK column: stopped at run time)",
                load.unit,
                Goal.ratios("≤ 1.03× " + feature.shortName + " off", 1.03, Double.NaN),
                load.code + " on gmp, " + MIN_JVMS + " JVMs started with the " + feature.name + " on (the default); "
                        + "in each, while the load runs, a platform thread switches the feature on and off ("
                        + feature.stopCall + ") every " + AlternatingStates.PERIOD_MILLIS + " ms and charges the work "
                        + "done and the time to the state that was on (5 runs after 2 warm-ups, each column the median "
                        + "of the runs and then of the JVMs). Stopped, the scheduler still reads the switch ("
                        + feature.stoppedCost + "), which -D" + feature.property + "=off compiles away; runs of one "
                        + "configuration spread by up to 15 %, more than the goal, so the two states share each run"));
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
        options.add("-D" + feature.property + "=on"); // the default, said: the JVM switches it at run time
        if (load == Load.HTTP) {
            options.add(AgentJar.option("dashboard=off"));
        }
        return options;
    }

    @Override
    public boolean bothColumnsInOneJvm() {
        return true;
    }

    @Override
    public int warmups(Size size) {
        return size.pick(1, 2);
    }

    @Override
    public int measurements(Size size) {
        return size.pick(1, 5);
    }

    @Override
    public int minRounds(Size size) {
        return size.pick(1, MIN_JVMS);
    }

    private static final int MIN_JVMS = 5;
    /**
     * Round trips of one ping-pong run (1-2 s here). Runs of a million (under a second) gave per-JVM
     * ratios from 0.86 to 1.05 on the Chan ping-pong, whose speed drifts within a run by more than
     * the cost measured: a short run averages too few 20 ms periods of each state.
     */
    private static final int LONG_RUN_ROUND_TRIPS = 3_000_000;

    /** Both columns from one run of the load, the feature switched on and off under it. */
    @Override
    public double[] measureBothColumns(Size size, boolean onFirst) throws Exception {
        AlternatingStates.Switch toggle = feature::switchTo;
        // Always gmp: both columns run the scheduler, with the feature on and stopped.
        return switch (load) {
            case PARK -> {
                ParkPingPong.Pair pair = new ParkPingPong.Pair(size.pick(200_000, LONG_RUN_ROUND_TRIPS));
                pair.start(Scheduler.GMP);
                double[] figures = AlternatingStates.nanosPerUnit(toggle, onFirst, pair::roundTrips, () -> !pair.stop);
                pair.join();
                yield figures;
            }
            case CHAN -> {
                AtomicLong roundTrips = new AtomicLong();
                Thread pinger = ChanPingPong.startCounted(Scheduler.GMP, size.pick(200_000, LONG_RUN_ROUND_TRIPS), 0, roundTrips);
                double[] figures = AlternatingStates.nanosPerUnit(toggle, onFirst, roundTrips::get, pinger::isAlive);
                pinger.join();
                yield figures;
            }
            case HTTP -> http(toggle, onFirst, size.pick(5_000, 20_000));
        };
    }

    /** The agent-http load, {@code requests} of it, under the switching; ms per 1,000 requests in each state. */
    private static double[] http(AlternatingStates.Switch toggle, boolean onFirst, int requests) throws Exception {
        try (FixedCostHttpServer server = new FixedCostHttpServer()) {
            AtomicLong answered = new AtomicLong();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread load = Thread.ofPlatform().name("feature-cost-load").start(() -> {
                try {
                    AgentHttpOverhead.load(server, requests, answered::incrementAndGet);
                } catch (Throwable t) { // reported below, after the switching ends
                    failure.set(t);
                }
            });
            double[] nanosPerRequest = AlternatingStates.nanosPerUnit(toggle, onFirst, answered::get, load::isAlive);
            load.join();
            if (failure.get() != null) {
                throw new IllegalStateException("the agent-http load failed", failure.get());
            }
            return new double[] {nanosPerRequest[0] / 1_000, nanosPerRequest[1] / 1_000}; // ns per request = µs per 1k, / 1000: ms
        }
    }

    /** Not called: {@link #measureBothColumns} measures both columns of one run. */
    @Override
    public double measure(Scheduler side, Size size) {
        throw new UnsupportedOperationException(name() + " measures both columns in one run of its load");
    }
}

package dev.gmp.bench.workload;

import java.util.List;

/** Every workload of the side-by-side table, in table order. Add a new workload here. */
public final class Workloads {
    private Workloads() {}

    private static final List<Workload> ALL = List.of(
            new ChanPingPong(),
            new JfrRecordingPingPong(),
            JfrParkStorm.cost(),
            JfrParkStorm.fileSize(),
            new ParkPingPong(),
            FeatureCost.flightRecorderPark(),
            FeatureCost.flightRecorderChan(),
            FeatureCost.flightRecorderHttp(),
            FeatureCost.histogramsPark(),
            FeatureCost.histogramsChan(),
            FeatureCost.histogramsHttp(),
            SyncQueuePingPong.library(),
            SyncQueuePingPong.underAgent(),
            new PlatformHandOff(),
            new Skynet(),
            new SpawnFinish(),
            new SpawnExecutor(),
            new ParkedMemory(),
            NativeCallStall.withBlockingCall(),
            NativeCallStall.baseline(),
            new YieldStarvation(),
            ChainFairness.newcomer(),
            ChainFairness.sleeper(),
            AgentHttpOverhead.plain(),
            AgentHttpOverhead.withJfr(),
            AgentHttpOverhead.presenceOnly(),
            new PreemptLoops(),
            AgentStartUp.defaults(),
            AgentStartUp.dashboardOff(),
            // Performance at every scale: the rows a many-core run needs, real servers, idle cost.
            new SleepStorm(),
            new TimerBurst(),
            new SleepersBesideLoops(),
            new ParallelPairs(),
            new AbqFan(),
            new HttpInproc(),
            RealServer.plain(),
            RealServer.watched(),
            IdleCost.dashboardOff(),
            IdleCost.dashboardOn());

    public static List<Workload> all() {
        return ALL;
    }

    /** The workload named {@code name}. */
    public static Workload byName(String name) {
        for (Workload w : ALL) {
            if (w.name().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "'; valid: " + names());
    }

    public static String names() {
        return String.join(", ", ALL.stream().map(Workload::name).toList());
    }
}

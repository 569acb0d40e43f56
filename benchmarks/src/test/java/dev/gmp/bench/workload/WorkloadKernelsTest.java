package dev.gmp.bench.workload;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.bench.Scheduler;
import dev.gmp.testsupport.LoopbackLoad;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every workload's work runs to completion on both schedulers, at tiny sizes, in this JVM. The
 * figures are only checked to be figures: no speed is asserted.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WorkloadKernelsTest {

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void parkPingPongCompletesItsRounds(Scheduler side) throws Exception {
        assertPositive(ParkPingPong.nanosPerRoundTrip(side, 2_000));
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void chanPingPongCompletesItsRoundsUnbufferedAndBuffered(Scheduler side) throws Exception {
        assertPositive(ChanPingPong.nanosPerRoundTrip(side, 2_000, 0));
        assertPositive(ChanPingPong.nanosPerRoundTrip(side, 2_000, 16));
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void chanRowRunsInsideAJfrRecording(Scheduler side) throws Exception {
        assertPositive(new JfrRecordingPingPong().measure(side, Size.QUICK)); // throws if gmp.jfc is missing
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void synchronousQueuePingPongCompletesItsRounds(Scheduler side) throws Exception {
        assertPositive(SyncQueuePingPong.nanosPerRoundTrip(side, 2_000));
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void skynetSumsEveryLeaf(Scheduler side) throws Exception {
        assertPositive(Skynet.millis(side, 1_000)); // throws when the sum is wrong
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void spawnWaitsForEveryTask(Scheduler side) throws Exception {
        assertPositive(SpawnFinish.nanosPerTask(side, 5_000));
    }

    @Test
    void executorSpawnWaitsForEveryTask() throws Exception {
        assertPositive(SpawnExecutor.nanosPerTask(5_000)); // close() joins every task's thread
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void parkedThreadsOccupyHeap(Scheduler side) throws Exception {
        // A parked virtual thread holds at least its Thread object and continuation: far over 100 bytes.
        double bytes = ParkedMemory.bytesPerParkedThread(side, 10_000);
        assertTrue(bytes > 100, "bytes per parked thread: " + bytes);
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void stallIsMeasuredAroundANativeCall(Scheduler side) throws Exception {
        assertPositive(NativeCallStall.largestStallMillis(side, 10_000));
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void newcomerBesideAYieldLoopIsTimedWhenItRuns(Scheduler side) throws Exception {
        // With more than one carrier the newcomer runs on either scheduler (with one, the JDK starves it).
        assumeTrue(side == Scheduler.GMP || Runtime.getRuntime().availableProcessors() > 1);
        double millis = YieldStarvation.millisUntilNewTaskRuns(side, 30);
        assertTrue(millis >= 0 && Double.isFinite(millis), "ms until the new task ran: " + millis);
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void newcomerBesideAPingPongChainIsTimedWhenItRuns(Scheduler side) throws Exception {
        // With more than one carrier the newcomer runs on either scheduler (with one, the JDK may starve it).
        assumeTrue(side == Scheduler.GMP || Runtime.getRuntime().availableProcessors() > 1);
        double millis = ChainFairness.millisUntilNewcomerRuns(side, 30_000);
        assertTrue(millis >= 0 && Double.isFinite(millis), "ms until the new task ran: " + millis);
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void sleepBesideAPingPongChainIsTimedFromItsStart(Scheduler side) throws Exception {
        assumeTrue(side == Scheduler.GMP || Runtime.getRuntime().availableProcessors() > 1);
        double millis = ChainFairness.millisUntilSleepReturns(side, 30_000);
        assertTrue(millis >= 5 && Double.isFinite(millis), "ms the 5 ms sleep took: " + millis);
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void platformThreadHandsEveryItemToTheVirtualThread(Scheduler side) throws Exception {
        assertPositive(new PlatformHandOff().measure(side, Size.QUICK)); // the consumer's join returns only after the last take
    }

    @Test
    void agentPresenceRowRunsTheJdkSchedulerUnderTheAgentWithoutRedirect() {
        var presence = AgentHttpOverhead.presenceOnly();
        var gmpColumn = presence.sideJvmOptions(Scheduler.GMP, 2);
        assertTrue(gmpColumn.containsAll(Scheduler.JDK.jvmOptions(2)), gmpColumn.toString());
        assertTrue(gmpColumn.stream().anyMatch(o -> o.startsWith("-javaagent:") && o.endsWith("=dashboard=off,redirect=off")),
                gmpColumn.toString());
        assertEquals(Scheduler.JDK.jvmOptions(2), presence.sideJvmOptions(Scheduler.JDK, 2));
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void httpServerAnswersEveryLoopbackRequest(Scheduler side) throws Exception {
        // In this JVM there is no agent: the server's virtual threads are the JDK's on both sides;
        // this checks the server, the bounded client and the figure, not the agent.
        assertPositive(AgentHttpOverhead.plain().measure(side, Size.QUICK));
    }

    @Test
    void loopbackLoadCountsEveryRequestAndStopsAtItsBound() throws Exception {
        try (FixedCostHttpServer server = new FixedCostHttpServer()) {
            LoopbackLoad.Outcome result = LoopbackLoad.run(server.port(), "/work", 100, 8, java.time.Duration.ofSeconds(30));
            assertTrue(result.completed(), "finished within the bound: " + result);
            assertEquals(100, result.ok(), result.toString());
            assertEquals(0, result.failed(), result.toString());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> LoopbackLoad.run(1, "/work", 0, 8, java.time.Duration.ofSeconds(1)));
        assertTrue(bad.getMessage().contains("requests and concurrency must be >= 1"), bad.getMessage());
    }

    @Test
    void preemptLoopsFinishOnGmp() throws Exception {
        // Without the agent no preemption points are inserted; this checks the loops and the figure.
        assertPositive(new PreemptLoops().measure(Scheduler.GMP, Size.QUICK));
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void sleepStormWaitsForEverySleepAndCountsTheProcessCpu(Scheduler side) throws Exception {
        SleepStorm.Figures f = SleepStorm.storm(side, 1_000, 3);
        assertTrue(f.wallMillis() >= 3, "three 1 ms sleeps in a row take at least 3 ms: " + f);
        assertPositive(f.cpuMillis());
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void sleepersBesideLoopsReportTheMedianAndTheTailOfTheirLateness(Scheduler side) throws Exception {
        double[] rows = new SleepersBesideLoops().measureRows(side, Size.QUICK); // throws when no sleep ended
        assertEquals(2, rows.length);
        assertTrue(rows[0] >= 0 && rows[1] >= rows[0] && Double.isFinite(rows[1]),
                "median and p99 lateness in ms: " + rows[0] + ", " + rows[1]);
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void parallelPairsCompleteEveryPairsRounds(Scheduler side) throws Exception {
        assertPositive(ParallelPairs.nanosPerRoundTrip(side, 3, 2_000)); // throws when a pair fell short
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void blockingQueueFanPassesEveryItemOnce(Scheduler side) throws Exception {
        assertPositive(AbqFan.nanosPerItem(side, 3, 30_000)); // throws when the consumers' sum is wrong
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void httpInprocCountsKeepAliveRequests(Scheduler side) throws Exception {
        assertPositive(new HttpInproc().measure(side, Size.QUICK)); // no agent in this JVM: the server, client and figure
    }

    @ParameterizedTest
    @EnumSource(Scheduler.class)
    void realServerGivesThroughputAndP99ForEachEndpoint(Scheduler side) throws Exception {
        RealServer w = RealServer.plain();
        double[] figures = w.measureRows(side, Size.QUICK); // throws when any request of any endpoint failed
        assertEquals(w.rows().size(), figures.length);
        assertEquals(RealishServer.ENDPOINTS.size() * 2, figures.length);
        for (double f : figures) {
            assertPositive(f);
        }
        // The fan-out joins ten 2 ms sleeps and /monitor sleeps 1 ms: no request of theirs is faster.
        assertTrue(figures[3] >= 1, "p99 of /monitor: " + figures[3]);
        assertTrue(figures[7] >= 2, "p99 of /fanout: " + figures[7]);
    }

    @Test
    void processCpuCountsAtLeastThisThreadsCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long processBefore = ProcessCpu.nanos();
        long threadBefore = threads.getCurrentThreadCpuTime();
        long spin = 0;
        while (threads.getCurrentThreadCpuTime() - threadBefore < 20_000_000L) {
            spin += Long.numberOfTrailingZeros(spin + 1); // CPU work until this thread has used 20 ms
        }
        long threadUsed = threads.getCurrentThreadCpuTime() - threadBefore;
        long processUsed = ProcessCpu.nanos() - processBefore;
        assertTrue(processUsed >= threadUsed - 1_000_000L, // the two clocks may round differently, by less than 1 ms
                "process CPU " + processUsed + " ns, this thread's " + threadUsed + " ns (" + spin + ")");
    }

    @Test
    void idleCostIsAShareOfOneCore() throws Exception {
        double percent = IdleCost.percentOfCore(50, 200);
        assertTrue(percent >= 0 && percent <= 100 * Runtime.getRuntime().availableProcessors(), "percent: " + percent);
    }

    private static void assertPositive(double figure) {
        assertTrue(figure > 0 && Double.isFinite(figure), "figure: " + figure);
    }
}

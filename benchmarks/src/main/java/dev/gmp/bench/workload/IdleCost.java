package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What an application with nothing to do costs under gmp's agent: main sleeps, a few virtual
 * threads are parked, and the process's CPU time over a quiet stretch is its idle cost (sysmon,
 * spinning Ms and, in the second row, the dashboard should all be asleep). The JDK column is the
 * same program without the agent.
 */
public final class IdleCost extends AbstractWorkload {
    static final int PARKED = 4;
    /** A 250 ms window under this share of a core ends the settling. */
    static final int SETTLED_PERCENT = 5;

    private final boolean dashboard;

    private IdleCost(boolean dashboard) {
        super(new WorkloadInfo(dashboard ? "idle-cost-dashboard" : "idle-cost",
                "an idle application: process CPU time as % of one core" + (dashboard ? ", agent with its dashboard on" : "")
                        + " (gmp column: under the agent; JDK column: no agent)",
                "% of a core",
                Goal.atMost("≤ 1 % of a core", 1.0),
                "main starts " + PARKED + " virtual threads that park on a latch, lets start-up settle (the dashboard's "
                        + "takes seconds: until a 250 ms window uses under " + SETTLED_PERCENT + " % of a core, at least 1 s, "
                        + "at most 15 s), then sleeps 5 s (quick: settle at most 2 s, sleep 1 s); figure = the process's CPU time over those seconds (clock_gettime(CLOCK_PROCESS_CPUTIME_ID) "
                        + "on Linux, to the nanosecond) as a percentage of one core; the gmp side runs under -javaagent:gmp-agent.jar=procs=P,"
                        + (dashboard ? "dashboard=0 (any free port)" : "dashboard=off") + ", the JDK side without the agent"));
        this.dashboard = dashboard;
    }

    public static IdleCost dashboardOff() {
        return new IdleCost(false);
    }

    public static IdleCost dashboardOn() {
        return new IdleCost(true);
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        return AgentJar.underAgentOnGmpSide(side, procs, dashboard ? "dashboard=0" : "dashboard=off");
    }

    @Override
    public List<String> jvmOptions() {
        return List.of("-Xms64m", "-Xmx256m"); // an idle application: a small heap, as the JDK's own default would size it
    }

    @Override
    public int warmups(Size size) {
        return 0; // measure() settles first
    }

    @Override
    public int measurements(Size size) {
        return 1;
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return percentOfCore(size.pick(2_000, 15_000), size.pick(1_000, 5_000));
    }

    /**
     * Parks {@link #PARKED} virtual threads, lets start-up work settle (see {@link #settle}) for at most
     * {@code maxSettleMillis}, then measures the process's CPU over {@code quietMillis}.
     */
    static double percentOfCore(long maxSettleMillis, long quietMillis) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> parked = new ArrayList<>();
        for (int i = 0; i < PARKED; i++) {
            // The JDK's own API, as an application's: under the agent these threads run on gmp.
            parked.add(Thread.ofVirtual().start(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        settle(maxSettleMillis);
        long cpuBefore = ProcessCpu.nanos();
        long start = System.nanoTime();
        Thread.sleep(quietMillis);
        long cpu = ProcessCpu.nanos() - cpuBefore;
        long wall = System.nanoTime() - start;
        release.countDown();
        for (Thread t : parked) {
            t.join();
        }
        return 100.0 * cpu / wall;
    }

    /**
     * Waits, in 250 ms windows, until one uses under {@link #SETTLED_PERCENT} % of a core, but at least
     * 1 s and at most {@code maxMillis}: what a start-up leaves running (JIT compiles, the dashboard's
     * server starting off main) is not idle cost, and how long it takes depends on the machine's load.
     */
    private static void settle(long maxMillis) throws InterruptedException {
        long start = System.nanoTime();
        Thread.sleep(Math.min(1_000, maxMillis));
        while ((System.nanoTime() - start) / 1_000_000 < maxMillis) {
            long cpu = ProcessCpu.nanos(), t = System.nanoTime();
            Thread.sleep(250);
            if (100.0 * (ProcessCpu.nanos() - cpu) / (System.nanoTime() - t) < SETTLED_PERCENT) {
                return;
            }
        }
    }
}

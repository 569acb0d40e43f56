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

    private final boolean dashboard;

    private IdleCost(boolean dashboard) {
        super(new WorkloadInfo(dashboard ? "idle-cost-dashboard" : "idle-cost",
                "an idle application: process CPU time as % of one core" + (dashboard ? ", agent with its dashboard on" : "")
                        + " (gmp column: under the agent; JDK column: no agent)",
                "% of a core",
                Goal.atMost("≤ 1 % of a core", 1.0),
                "main starts " + PARKED + " virtual threads that park on a latch, lets start-up settle for 2 s, then sleeps "
                        + "5 s (quick: 0.5 s and 1 s); figure = the process's CPU time over those seconds (clock_gettime(CLOCK_PROCESS_CPUTIME_ID) "
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
        return percentOfCore(size.pick(500, 2_000), size.pick(1_000, 5_000));
    }

    /** Parks {@link #PARKED} virtual threads, waits {@code settleMillis}, then measures CPU over {@code quietMillis}. */
    static double percentOfCore(long settleMillis, long quietMillis) throws InterruptedException {
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
        Thread.sleep(settleMillis);
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
}

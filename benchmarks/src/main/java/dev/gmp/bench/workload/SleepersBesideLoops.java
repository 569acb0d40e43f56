package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Timers beside CPU-bound work: 8 virtual threads run CPU loops while 200 others sleep 1 ms in a
 * loop, on P carriers, for a fixed time. How late do the sleeps end? gmp runs under the agent with
 * {@code preempt=on}, so a loop gives up its P after a time slice (as Go's runtime preempts a
 * goroutine); the JDK's scheduler does not preempt, so its sleepers wait until a loop ends. Two
 * rows from one run, the median and the 99th percentile lateness. Reports: the shape is the point
 * (gmp runs woken sleepers before queued loops, but a P that took a batch of preempted loops from
 * the global queue runs them first; see README's limits).
 */
public final class SleepersBesideLoops extends AgentSideStorm {
    private static final int LOOPS = 8, SLEEPERS = 200;

    public SleepersBesideLoops() {
        super("sleepers-beside-loops", List.of(new WorkloadInfo("sleepers-beside-loops",
                        "8 virtual threads in CPU loops beside 200 sleeping 1 ms in a loop: median lateness of a sleep",
                        "ms",
                        Goal.report("report: how long a woken sleeper waits behind CPU-bound work"),
                        "8 virtual threads run xorshift loops in a benchmark class (instrumented by the agent) while 200 "
                                + "virtual threads each sleep 1 ms (Thread.sleep) in a loop and record how long after the "
                                + "deadline each sleep returned, for 2 s (quick: 0.3 s); figure = the median lateness; one "
                                + "warm-up and one measured run per JVM; the gmp side runs under "
                                + "-javaagent:gmp-agent.jar=procs=P,dashboard=off,preempt=on, the JDK side without the agent "
                                + "(its scheduler does not preempt: once both carriers run loops, every sleeper waits for the "
                                + "loops to end, so its median depends on how soon the loops got the carriers)",
                        GoFigure.twin("manycore", "loops-sleep-p50", "Go: the same goroutines; the runtime preempts the loops")),
                new WorkloadInfo("sleepers-beside-loops-p99",
                        "the same run: 99th percentile lateness of a sleep",
                        "ms",
                        Goal.report("report: the tail of the same run"),
                        "the 99th percentile of the same run's lateness",
                        GoFigure.twin("manycore", "loops-sleep-p99", "Go: the same percentile"))),
                "dashboard=off,preempt=on");
    }

    @Override
    public double[] measureRows(Scheduler side, Size size) throws InterruptedException {
        long runMillis = size.pick(300, 2_000);
        AtomicBoolean stop = new AtomicBoolean();
        long[] lateness = new long[1 << 20];
        AtomicInteger recorded = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(LOOPS + SLEEPERS), sleeping = new CountDownLatch(SLEEPERS);
        for (int i = 0; i < SLEEPERS; i++) {
            side.start(() -> {
                sleeping.countDown();
                try {
                    while (!stop.get()) {
                        long start = System.nanoTime();
                        Thread.sleep(1);
                        int at = recorded.getAndIncrement();
                        if (at < lateness.length) {
                            lateness[at] = System.nanoTime() - start - 1_000_000;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return; // the latch stays closed: the run fails below
                }
                done.countDown();
            });
        }
        // The sleepers first, so that a scheduler that never preempts the loops still has them all
        // asleep when the loops start: their sleeps then end when the loops do.
        if (!sleeping.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the sleepers did not start within 60 s");
        }
        for (int i = 0; i < LOOPS; i++) {
            long seed = i + 1;
            side.start(() -> {
                long x = seed;
                while (!stop.get()) {
                    x = PreemptLoops.spin(1_000, x);
                }
                done.countDown();
            });
        }
        Thread.sleep(runMillis);
        stop.set(true);
        if (!done.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the loops and sleepers did not stop within 60 s");
        }
        int n = Math.min(recorded.get(), lateness.length);
        if (n == 0) {
            throw new IllegalStateException("no sleep ended");
        }
        long[] sorted = Arrays.copyOf(lateness, n); // the latch's happens-before makes the entries visible
        Arrays.sort(sorted);
        return new double[] {Stats.quantile(sorted, 0.5) / 1e6, Stats.quantile(sorted, 0.99) / 1e6};
    }
}

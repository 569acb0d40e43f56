package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A storm of short sleeps: 100,000 virtual threads each call {@code Thread.sleep(1 ms)} 20 times.
 * Every wake-up comes from a timer, outside any P, so the row measures the path by which timed-out
 * threads get back onto the Ps. Two rows from one run: the wall time of the storm and the CPU time
 * the whole process spent on it.
 */
public final class SleepStorm extends AgentSideStorm {
    static final int SLEEPS = 20;

    public SleepStorm() {
        super("sleep-storm", List.of(new WorkloadInfo("sleep-storm",
                        "100k virtual threads × 20 `Thread.sleep(1 ms)`: wall time",
                        "ms",
                        Goal.ratios("≤ 0.5× JDK", 0.5, Double.NaN),
                        "a virtual thread starts 100,000 virtual threads that each sleep 1 ms 20 times in a row, and awaits "
                                + "a CountDownLatch they count down at the end; figure = wall time from the first start to "
                                + "the latch opening, one warm-up storm and one measured per JVM (quick: 10,000 threads × "
                                + "5 sleeps); same code on both sides; the gmp side runs under "
                                + "-javaagent:gmp-agent.jar=procs=P,dashboard=off, which puts virtual threads' timed parks on "
                                + "gmp's per-P timers (as a library, without the agent, gmp's sleeps wait on the JDK's timer "
                                + "threads), the JDK side without the agent",
                        GoFigure.twin("manycore", "sleep-wall", "Go: goroutines calling time.Sleep, sync.WaitGroup")),
                new WorkloadInfo("sleep-storm-cpu",
                        "the same storm: process CPU time",
                        "ms",
                        Goal.ratios("≤ 1.0× JDK", 1.0, Double.NaN),
                        "the CPU time (user + system, every thread of the JVM) the process used during the same run, "
                                + "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) on Linux",
                        GoFigure.twin("manycore", "sleep-cpu", "Go: getrusage(RUSAGE_SELF) user + system time"))));
    }

    @Override
    public double[] measureRows(Scheduler side, Size size) throws InterruptedException {
        Figures f = storm(side, size.pick(10_000, 100_000), size.pick(5, SLEEPS));
        return new double[] {f.wallMillis(), f.cpuMillis()};
    }

    /** The storm's wall time and the process's CPU time over it, both in milliseconds. */
    record Figures(double wallMillis, double cpuMillis) {}

    /** Runs {@code threads} virtual threads of {@code side} that each sleep 1 ms {@code sleeps} times. */
    static Figures storm(Scheduler side, int threads, int sleeps) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(threads);
        Runnable sleeper = () -> {
            try {
                for (int i = 0; i < sleeps; i++) {
                    Thread.sleep(1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the latch stays closed: the run fails below instead of reporting a short storm
            }
            done.countDown();
        };
        long[] wall = new long[1];
        long cpuBefore = ProcessCpu.nanos();
        side.start(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                side.start(sleeper);
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            wall[0] = System.nanoTime() - start;
        }).join();
        long cpu = ProcessCpu.nanos() - cpuBefore;
        if (wall[0] == 0) {
            throw new IllegalStateException("the sleep storm was interrupted");
        }
        return new Figures(wall[0] / 1e6, cpu / 1e6);
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.concurrent.CountDownLatch;

/**
 * One virtual thread starts a million tiny tasks (each counts down a latch) and waits for all of
 * them: the cost of creating, scheduling, running and retiring a G. Figure: nanoseconds per task.
 */
public final class SpawnFinish extends AbstractWorkload {

    public SpawnFinish() {
        super(new WorkloadInfo("spawn",
                "spawn and finish 1M tasks",
                "ns/task",
                Goal.ratios("≤ 1.0× JDK", 1.0, Double.NaN),
                "a virtual thread starts the tasks one by one and awaits a CountDownLatch they count down, as Go's main goroutine does; same code on both sides (quick: 20k)",
                new GoFigure("spawn", 1.0, "Go: sync.WaitGroup")));
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return nanosPerTask(side, size.pick(20_000, 1_000_000));
    }

    /** Starts and finishes {@code tasks} tasks from inside a virtual thread of {@code side}; ns per task. */
    public static double nanosPerTask(Scheduler side, int tasks) throws InterruptedException {
        long[] elapsed = new long[1];
        side.start(() -> {
            CountDownLatch done = new CountDownLatch(tasks);
            Runnable task = done::countDown;
            long start = System.nanoTime();
            for (int i = 0; i < tasks; i++) {
                side.start(task);
            }
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            elapsed[0] = System.nanoTime() - start;
        }).join();
        if (elapsed[0] == 0) {
            throw new IllegalStateException("spawn was interrupted");
        }
        return elapsed[0] / (double) tasks;
    }
}

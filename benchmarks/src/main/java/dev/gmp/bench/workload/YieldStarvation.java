package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * With one processor, a virtual thread loops on {@link Thread#yield()}; then a new virtual thread
 * is started from outside. Figure: milliseconds until the new thread's first statement runs, or
 * "never" when it has not run within the time bound (the JDK keeps the yielder ahead of external
 * submissions on its worker's local queue).
 */
public final class YieldStarvation extends AbstractWorkload {

    public YieldStarvation() {
        super(new WorkloadInfo("yield-starvation",
                "a yield loop vs a newly started task, 1 P: time until it runs",
                "ms",
                Goal.atMost("≤ 1 ms (JDK: never)", 1.0),
                "a virtual thread loops on Thread.yield(); the main (platform) thread starts a second one and "
                        + "waits for its first statement; same code on both sides; \"never\" = not within the bound"));
    }

    @Override
    public int procs() {
        return 1;
    }

    /** Cheap where the task runs; where it never does, the first call ends the JVM's run (see WorkloadRunner). */
    @Override
    public int measurements(Size size) {
        return size.pick(1, 5);
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return millisUntilNewTaskRuns(side, boundSeconds(size));
    }

    @Override
    public String render(double value, Size size) {
        if (Double.isInfinite(value)) {
            return String.format(Locale.ROOT, "never (> %d s)", boundSeconds(size));
        }
        return super.render(value, size);
    }

    private static int boundSeconds(Size size) {
        return size.pick(1, 5);
    }

    /** Milliseconds until a new task runs beside a yield loop, or +infinity if not within {@code boundSeconds}. */
    public static double millisUntilNewTaskRuns(Scheduler side, int boundSeconds) throws InterruptedException {
        YieldLoop loop = new YieldLoop();
        Thread yielder = side.start(loop::run);
        while (loop.yields < 1_000) {
            Thread.onSpinWait();
        }
        Newcomer newcomer = Newcomer.start(side);
        double millis = newcomer.millisUntilRun(TimeUnit.SECONDS.toMillis(boundSeconds));
        loop.stop = true; // lets a starved newcomer run, so the JVM can finish cleanly
        yielder.join();
        newcomer.join();
        return millis;
    }

    private static final class YieldLoop {
        volatile boolean stop;
        /** Written by the loop thread only. */
        volatile long yields;

        void run() {
            while (!stop) {
                yields++;
                Thread.yield();
            }
        }
    }
}

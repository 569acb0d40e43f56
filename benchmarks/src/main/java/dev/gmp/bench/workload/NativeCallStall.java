package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * With one processor, one virtual thread blocks 200 ms in a native call while another keeps
 * running a loop; the figure is the loop's largest gap between iterations, in milliseconds. A
 * scheduler that hands the processor off during the call keeps the gap near its wake-up latency;
 * one that cannot stalls the loop for the whole call.
 */
public final class NativeCallStall implements Workload {
    private static final long LOOP_PAUSE_NANOS = 10_000;

    @Override
    public String name() {
        return "native-call-stall";
    }

    @Override
    public String title() {
        return "largest stall of a runnable G while another blocks 200 ms in a native call, 1 P";
    }

    @Override
    public String unit() {
        return "ms";
    }

    @Override
    public Goal goal() {
        return Goal.atMost("≤ 2 ms (JDK ~204 ms)", 2.0);
    }

    @Override
    public String method() {
        return "the blocked call is libc usleep through FFM, inside Gmp.syscall on gmp and plain on the JDK "
                + "(which has no way to be told); the measuring loop pauses with LockSupport.parkNanos(10 µs) "
                + "on both sides, since a Thread.yield loop would starve the blocker on the JDK; each JVM reports the largest of its 3 calls (quick: one 50 ms call)";
    }

    /** The worst stall of the JVM's calls: the JDK's figure is bimodal (see notes), a median would hide it. */
    @Override
    public double summarize(List<Double> measurements) {
        return Collections.max(measurements);
    }

    @Override
    public int procs() {
        return 1;
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return largestStallMillis(side, size.pick(50_000, 200_000));
    }

    @Override
    public GoFigure go() {
        return new GoFigure("handoff", 0.001, "Go: raw nanosleep syscall; loop uses runtime.Gosched");
    }

    /** Largest gap, in ms, in a looping virtual thread while another blocks {@code blockMicros} in usleep. */
    public static double largestStallMillis(Scheduler side, int blockMicros) throws InterruptedException {
        Loop loop = new Loop();
        Thread looping = side.start(loop::run);
        while (loop.iterations < 100) {
            Thread.sleep(1);
        }
        Thread blocker = side.start(() -> {
            try {
                side.blockingNativeCall(() -> {
                    NativeSleep.usleep(blockMicros);
                    return null;
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        blocker.join();
        loop.stop = true;
        looping.join();
        return loop.largestGapNanos / 1e6;
    }

    private static final class Loop {
        volatile boolean stop;
        /** Written by the loop thread only; read by the starter to know the loop is running. */
        volatile long iterations;
        /** Written by the loop thread only; read after join. */
        long largestGapNanos;

        void run() {
            long last = System.nanoTime();
            while (!stop) {
                long now = System.nanoTime();
                largestGapNanos = Math.max(largestGapNanos, now - last);
                last = now;
                iterations++;
                LockSupport.parkNanos(LOOP_PAUSE_NANOS);
            }
        }
    }
}

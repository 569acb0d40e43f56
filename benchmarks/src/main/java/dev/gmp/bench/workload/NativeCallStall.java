package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import dev.gmp.testsupport.NativeSleep;
import java.util.concurrent.locks.LockSupport;

/**
 * With one processor, one virtual thread blocks 200 ms in a native call while another keeps
 * running a loop; the figure is the loop's largest gap between iterations, in milliseconds. A
 * scheduler that hands the processor off during the call keeps the gap near its wake-up latency;
 * one that cannot stalls the loop for the whole call.
 *
 * <p>The {@linkplain #baseline() baseline} runs the same loop for the same time with nobody
 * blocking: its largest gap is the wake-up latency plus the machine's own noise, which the
 * stall figure cannot go below.
 */
public final class NativeCallStall extends AbstractWorkload {
    private static final long LOOP_PAUSE_NANOS = 10_000;

    private static final WorkloadInfo STALL = new WorkloadInfo("native-call-stall",
            "largest stall of a runnable G while another blocks 200 ms in a native call, 1 P",
            "ms",
            Goal.atMost("≤ 2 ms (JDK ~204 ms)", 2.0),
            "the blocked call is libc usleep through FFM, inside Gmp.syscall on gmp and plain on the JDK "
                    + "(which has no way to be told); the measuring loop pauses with LockSupport.parkNanos(10 µs) "
                    + "on both sides, since a Thread.yield loop would starve the blocker on the JDK; the gap that ends "
                    + "when the loop sees the stop flag counts too (quick: 50 ms call)",
            new GoFigure("handoff", 0.001, "Go: raw nanosleep syscall; loop uses runtime.Gosched"));

    private static final WorkloadInfo BASELINE = new WorkloadInfo("loop-gap-baseline",
            "baseline: largest gap of the same loop, 200 ms, nobody blocking, 1 P",
            "ms",
            Goal.report("report (the floor of the row above)"),
            "the same loop while the main thread sleeps as long as the call would block: wake-up latency "
                    + "of a parkNanos loop plus the machine's noise (quick: 50 ms)");

    private final boolean blockingCall;

    private NativeCallStall(boolean blockingCall) {
        super(blockingCall ? STALL : BASELINE);
        this.blockingCall = blockingCall;
    }

    /** The loop beside a virtual thread blocked in a native call. */
    public static NativeCallStall withBlockingCall() {
        return new NativeCallStall(true);
    }

    /** The loop alone, for as long as the call would last. */
    public static NativeCallStall baseline() {
        return new NativeCallStall(false);
    }

    @Override
    public int procs() {
        return 1;
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return largestGapMillis(side, size.pick(50_000, 200_000), blockingCall);
    }

    /** Largest gap, in ms, in a looping virtual thread while another blocks {@code blockMicros} in usleep. */
    public static double largestStallMillis(Scheduler side, int blockMicros) throws InterruptedException {
        return largestGapMillis(side, blockMicros, true);
    }

    private static double largestGapMillis(Scheduler side, int micros, boolean blockingCall) throws InterruptedException {
        Loop loop = new Loop();
        Thread looping = side.start(loop::run);
        while (loop.iterations < 100) {
            Thread.sleep(1);
        }
        if (blockingCall) {
            side.start(() -> {
                try {
                    side.blockingNativeCall(() -> {
                        NativeSleep.usleep(micros);
                        return null;
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).join();
        } else {
            Thread.sleep(micros / 1000);
        }
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
            while (true) {
                long now = System.nanoTime();
                largestGapNanos = Math.max(largestGapNanos, now - last);
                last = now;
                // Checked after the gap is recorded: a loop that could not run during the whole call
                // and first runs again after stop was set has still stalled that long.
                if (stop) {
                    return;
                }
                iterations++;
                LockSupport.parkNanos(LOOP_PAUSE_NANOS);
            }
        }
    }
}

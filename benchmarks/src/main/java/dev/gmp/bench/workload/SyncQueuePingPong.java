package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.concurrent.SynchronousQueue;

/**
 * Two virtual threads echo a value through a pair of {@link SynchronousQueue}s: the JDK's closest
 * thing to an unbuffered channel, run on both schedulers. Figure: nanoseconds per round trip.
 */
public final class SyncQueuePingPong extends AbstractWorkload {

    public SyncQueuePingPong() {
        super(new WorkloadInfo("pingpong-syncqueue",
                "unbuffered ping-pong between two Gs, SynchronousQueue",
                "ns/round trip",
                Goal.report("report (JDK's unbuffered hand-off on both schedulers)"),
                "put/take through two SynchronousQueues; same code on both sides; 200k round trips (quick: 20k)",
                GoFigure.UNBUFFERED_PINGPONG));
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return nanosPerRoundTrip(side, size.pick(20_000, 200_000));
    }

    /** Runs {@code rounds} round trips between two new virtual threads of {@code side}; ns per round trip. */
    public static double nanosPerRoundTrip(Scheduler side, int rounds) throws InterruptedException {
        SynchronousQueue<Integer> there = new SynchronousQueue<>();
        SynchronousQueue<Integer> back = new SynchronousQueue<>();
        Thread echo = side.start(() -> {
            try {
                for (int v; (v = there.take()) >= 0; ) {
                    back.put(v);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long[] elapsed = new long[1];
        Thread pinger = side.start(() -> {
            try {
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    there.put(i);
                    back.take();
                }
                elapsed[0] = System.nanoTime() - start;
                there.put(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pinger.join();
        echo.join();
        return elapsed[0] / (double) rounds;
    }
}

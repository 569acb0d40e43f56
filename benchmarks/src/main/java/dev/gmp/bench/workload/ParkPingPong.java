package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.concurrent.locks.LockSupport;

/**
 * Two virtual threads hand a turn back and forth with {@link LockSupport#park}/{@code unpark}: the
 * cheapest unbuffered hand-off either scheduler offers, and the floor a channel can reach.
 * Figure: nanoseconds per round trip (two hand-offs).
 */
public final class ParkPingPong implements Workload {

    @Override
    public String name() {
        return "pingpong-park";
    }

    @Override
    public String title() {
        return "unbuffered ping-pong between two Gs, park/unpark";
    }

    @Override
    public String unit() {
        return "ns/round trip";
    }

    @Override
    public Goal goal() {
        return Goal.report("report (the goal is on the Chan row)");
    }

    @Override
    public String method() {
        return "two virtual threads pass a volatile turn flag and wake each other with LockSupport.unpark; same code on both sides";
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return nanosPerRoundTrip(side, size.pick(20_000, 1_000_000));
    }

    @Override
    public GoFigure go() {
        return new GoFigure("pingpong", 1.0, "Go: unbuffered channels");
    }

    /** Runs {@code rounds} round trips between two new virtual threads of {@code side}; ns per round trip. */
    public static double nanosPerRoundTrip(Scheduler side, int rounds) throws InterruptedException {
        Pair pair = new Pair(rounds);
        Thread ponger = side.start(pair::pong);
        pair.ponger = ponger;
        Thread pinger = side.start(pair::ping); // start() publishes pair.ponger to the pinger
        pinger.join();
        ponger.join();
        return pair.elapsedNanos / (double) rounds;
    }

    /**
     * The shared state. {@code pongerTurn} is the only hand-off signal: the pinger sets it and the
     * ponger clears it, each then unparking the other, who re-checks it (park may return spuriously).
     */
    private static final class Pair {
        final int rounds;
        /** Set before the pinger starts; read by the pinger only. */
        Thread ponger;
        /** Written by the pinger before its first volatile write of pongerTurn; read by the ponger after reading it. */
        Thread pinger;
        volatile boolean pongerTurn;
        volatile boolean stop;
        long elapsedNanos;

        Pair(int rounds) {
            this.rounds = rounds;
        }

        void ping() {
            pinger = Thread.currentThread();
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                pongerTurn = true;
                LockSupport.unpark(ponger);
                while (pongerTurn) {
                    LockSupport.park(this);
                }
            }
            elapsedNanos = System.nanoTime() - start; // published to the joiner by thread termination
            stop = true;
            LockSupport.unpark(ponger);
        }

        void pong() {
            while (true) {
                while (!pongerTurn) {
                    if (stop) {
                        return;
                    }
                    LockSupport.park(this);
                }
                pongerTurn = false;
                LockSupport.unpark(pinger);
            }
        }
    }
}

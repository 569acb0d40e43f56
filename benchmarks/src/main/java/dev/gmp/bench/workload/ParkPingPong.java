package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Two virtual threads hand a turn back and forth with {@link LockSupport#park}/{@code unpark}: the
 * cheapest unbuffered hand-off either scheduler offers, and the floor a channel can reach.
 * Figure: nanoseconds per round trip (two hand-offs).
 */
public final class ParkPingPong extends AbstractWorkload {

    public ParkPingPong() {
        super(new WorkloadInfo("pingpong-park",
                "unbuffered ping-pong between two Gs, park/unpark",
                "ns/round trip",
                Goal.report("report (the goal is on the Chan row)"),
                "two virtual threads pass a volatile turn flag and wake each other with LockSupport.unpark; same code on both sides",
                GoFigure.UNBUFFERED_PINGPONG));
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return nanosPerRoundTrip(side, size.pick(20_000, 1_000_000));
    }

    /** Runs {@code rounds} round trips between two new virtual threads of {@code side}; ns per round trip. */
    public static double nanosPerRoundTrip(Scheduler side, int rounds) throws InterruptedException {
        Pair pair = new Pair(rounds);
        pair.start(side);
        pair.join();
        return pair.elapsedNanos / (double) rounds;
    }

    /**
     * Two virtual threads handing the turn back and forth, {@code rounds} times or, for
     * {@link Long#MAX_VALUE}, until {@link #halt()}. {@code pongerTurn} is the only hand-off signal:
     * the pinger sets it and the ponger clears it, each then unparking the other, who re-checks it
     * (park may return spuriously). On gmp each unpark puts the partner in the waker's runnext, so
     * the pair is a runnext chain that inherits one time slice.
     */
    static final class Pair {
        private static final VarHandle ROUND_TRIPS;

        static {
            try {
                ROUND_TRIPS = MethodHandles.lookup().findVarHandle(Pair.class, "roundTrips", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final long rounds;
        /** Set before the pinger starts; read by the pinger only. */
        Thread ponger;
        /** Written by the pinger before its first volatile write of pongerTurn; read by the ponger after reading it. */
        Thread pinger;
        /** The pinger's thread, for join; written by start(). */
        private Thread pingerThread;
        volatile boolean pongerTurn;
        /** Set by the pinger when it is done, or by {@link #halt()}; the ponger returns when it sees it between turns. */
        volatile boolean stop;
        /** Round trips done: written by the pinger only, opaque (a plain store on x86), read by {@link #roundTrips()}. */
        @SuppressWarnings("unused") // accessed through ROUND_TRIPS
        private long roundTrips;
        long elapsedNanos;

        Pair(long rounds) {
            this.rounds = rounds;
        }

        /** Starts both threads on {@code side}; called once, and before {@link #join()} in happens-before order. */
        void start(Scheduler side) {
            ponger = side.start(this::pong);
            pingerThread = side.start(this::ping); // start() publishes ponger to the pinger
        }

        /** Round trips done so far; any thread. */
        long roundTrips() {
            return (long) ROUND_TRIPS.getOpaque(this);
        }

        /** Ends the ping-pong after the round trip in progress; any thread. */
        void halt() {
            stop = true;
        }

        void join() throws InterruptedException {
            pingerThread.join();
            ponger.join();
        }

        private void ping() {
            pinger = Thread.currentThread();
            long start = System.nanoTime();
            for (long i = 1; i <= rounds && !stop; i++) {
                pongerTurn = true;
                LockSupport.unpark(ponger);
                while (pongerTurn) {
                    LockSupport.park(this);
                }
                ROUND_TRIPS.setOpaque(this, i);
            }
            elapsedNanos = System.nanoTime() - start; // published to the joiner by thread termination
            stop = true;
            LockSupport.unpark(ponger);
        }

        private void pong() {
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

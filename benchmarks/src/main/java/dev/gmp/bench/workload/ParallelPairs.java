package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * P independent park/unpark ping-pong pairs at once, one pair per P: the hand-off path of
 * {@link ParkPingPong}, scaled out. Pairs share nothing, so on a scheduler that keeps each pair on
 * one P the aggregate rate grows with P. Figure: wall time over all round trips of all pairs.
 */
public final class ParallelPairs extends AbstractWorkload {

    public ParallelPairs() {
        super(new WorkloadInfo("parallel-pairs",
                "P independent park/unpark pairs, aggregate",
                "ns/round trip",
                Goal.ratios("≤ 0.8× JDK", 0.8, Double.NaN),
                "P pairs of virtual threads (P = the row's Ps) each make 200,000 park/unpark round trips, as in "
                        + "pingpong-park, all started together; figure = wall time until the last pair is done over the "
                        + "round trips of all pairs (quick: 5,000 each); same code on both sides",
                GoFigure.twin("manycore", "pairs", "Go: GOMAXPROCS pairs of goroutines on unbuffered channels")));
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return nanosPerRoundTrip(side, side.procs(), size.pick(5_000, 200_000));
    }

    /** {@code pairs} pairs of {@code side} doing {@code rounds} round trips each; wall ns per round trip of all. */
    static double nanosPerRoundTrip(Scheduler side, int pairs, int rounds) throws InterruptedException {
        List<ParkPingPong.Pair> all = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            all.add(new ParkPingPong.Pair(rounds));
        }
        long start = System.nanoTime();
        for (ParkPingPong.Pair pair : all) {
            pair.start(side);
        }
        for (ParkPingPong.Pair pair : all) {
            pair.join();
        }
        long elapsed = System.nanoTime() - start;
        for (ParkPingPong.Pair pair : all) {
            if (pair.roundTrips() != rounds) {
                throw new IllegalStateException("a pair made " + pair.roundTrips() + " round trips of " + rounds);
            }
        }
        return elapsed / ((double) pairs * rounds);
    }
}

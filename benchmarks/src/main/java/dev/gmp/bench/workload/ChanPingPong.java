package dev.gmp.bench.workload;

import dev.gmp.Chan;
import dev.gmp.bench.Scheduler;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Go's unbuffered ping-pong on gmp's {@link Chan}: one virtual thread sends a token on one channel,
 * the other echoes it back on a second. The goal compares it with the cheapest hand-off the
 * JDK default scheduler offers, park/unpark ({@link ParkPingPong}), so that is the JDK side of the row.
 * Figure: nanoseconds per round trip.
 */
public final class ChanPingPong extends AbstractWorkload {
    /** One object sent every time: no allocation per message, like Go's int. */
    private static final Object TOKEN = new Object();

    public ChanPingPong() {
        super(new WorkloadInfo("pingpong-chan",
                "unbuffered ping-pong between two Gs: gmp Chan vs JDK park/unpark",
                "ns/round trip",
                Goal.ratios("≤ 0.5× JDK park/unpark, ≤ 1.0× Go", 0.5, 1.0),
                "gmp: two Gs, send and echo through two unbuffered dev.gmp.Chan; JDK: the pingpong-park code",
                GoFigure.UNBUFFERED_PINGPONG));
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return rowFigure(side, size);
    }

    /** This row's figure: gmp's unbuffered Chan on gmp, park/unpark on the JDK. */
    static double rowFigure(Scheduler side, Size size) throws InterruptedException {
        int rounds = size.pick(20_000, 1_000_000);
        return side == Scheduler.GMP
                ? nanosPerRoundTrip(side, rounds, 0)
                : ParkPingPong.nanosPerRoundTrip(side, rounds);
    }

    /**
     * The pair of {@link #nanosPerRoundTrip} without the timing, started and left running: the pinger
     * (returned) stores each finished round trip's number into {@code progress} (a release store, a
     * plain one on x86) and ends after {@code rounds}, the echo after it.
     */
    static Thread startCounted(Scheduler side, long rounds, int capacity, AtomicLong progress) {
        Chan<Object> there = Chan.make(capacity);
        Chan<Object> back = Chan.make(capacity);
        startEcho(side, there, back);
        return side.start(() -> {
            for (long i = 1; i <= rounds; i++) {
                there.send(TOKEN);
                back.recv();
                progress.lazySet(i);
            }
            there.close();
        });
    }

    /**
     * Runs {@code rounds} round trips through two channels of {@code capacity} between two new
     * virtual threads of {@code side}; ns per round trip. Chan works on any thread, so this runs on
     * the JDK's scheduler too (the JMH benchmark compares both).
     */
    public static double nanosPerRoundTrip(Scheduler side, int rounds, int capacity) throws InterruptedException {
        Chan<Object> there = Chan.make(capacity);
        Chan<Object> back = Chan.make(capacity);
        Thread echo = startEcho(side, there, back);
        long[] elapsed = new long[1];
        Thread pinger = side.start(() -> {
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                there.send(TOKEN);
                back.recv();
            }
            elapsed[0] = System.nanoTime() - start;
            there.close();
        });
        pinger.join();
        echo.join();
        return elapsed[0] / (double) rounds;
    }

    /** The echo of a pair: sends back on {@code back} every token received on {@code there}, until it is closed. */
    private static Thread startEcho(Scheduler side, Chan<Object> there, Chan<Object> back) {
        return side.start(() -> {
            for (Object token : there) {
                back.send(token);
            }
        });
    }
}

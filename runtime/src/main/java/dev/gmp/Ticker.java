package dev.gmp;

import dev.gmp.chan.Timers;
import java.time.Duration;
import java.time.Instant;

/**
 * Go's time.Ticker: delivers the time on {@link #chan()} every period until {@link #stop()}ped.
 * The channel buffers one tick; ticks a slow receiver misses are dropped, as in Go. A running
 * ticker is a pending timer: Gs waiting for it are not deadlocked.
 *
 * <pre>{@code
 * Ticker ticker = new Ticker(Duration.ofMillis(100));
 * try {
 *     for (int i = 0; i < 5; i++) System.out.println(ticker.chan().recv());
 * } finally {
 *     ticker.stop();
 * }
 * }</pre>
 */
public final class Ticker {
    private final Chan<Instant> chan = Chan.make(1);
    private final Timers.Periodic timer;

    /**
     * Starts a ticker; the first tick comes one period from now.
     *
     * @throws IllegalArgumentException when {@code period} is not positive
     */
    public Ticker(Duration period) {
        this.timer = Timers.every(period, () -> deliverTime(chan));
    }

    /** The channel the ticks arrive on (Go's ticker.C). */
    public Chan<Instant> chan() {
        return chan;
    }

    /**
     * Stops the ticker: no tick is sent after this returns, except one being delivered at that very
     * moment. Idempotent. Does not close the channel (a receiver would take that for a tick).
     */
    public void stop() {
        timer.stop();
    }

    /**
     * A timer's send of the current time: never blocks (the timer thread serves every timer); a
     * full channel drops the tick, and a channel the user closed means nobody wants it.
     */
    static void deliverTime(Chan<Instant> ch) {
        try {
            ch.trySend(Instant.now());
        } catch (ChanClosedException nobodyListens) {
            // dropped, as a tick for a full channel is
        }
    }
}

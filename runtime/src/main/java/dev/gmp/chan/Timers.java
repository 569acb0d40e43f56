package dev.gmp.chan;

import dev.gmp.sched.Sched;
import dev.gmp.sched.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * gmp's timers (behind {@code Gmp.after} and {@code Ticker}), on the scheduler's per-P timers
 * ({@link Sched#startTimer}): the M that holds the caller's P runs the callback when it is due, and
 * the receiver it wakes goes to that P's run queue. Callbacks only ever do a non-blocking channel
 * send, so a slow receiver cannot hold up an M or other timers.
 *
 * <p>Pending timers are counted: a G waiting for a timer is not deadlocked, as in Go's checkdead.
 * A one-shot timer counts until its callback has run (its send, and so the wake-up of its
 * receiver, happens before the count drops); a periodic one until stopped.
 */
public final class Timers {
    private Timers() {}

    private static final AtomicLong PENDING = new AtomicLong();

    /** Timers that may still fire: one-shot timers not yet run plus periodic ones not yet stopped. */
    public static long pending() {
        return PENDING.get();
    }

    /** Runs {@code fire} once on an M after {@code delay} (at once when not positive). */
    public static void after(Duration delay, Runnable fire) {
        DeadlockDetector.ensureStarted();
        PENDING.incrementAndGet();
        try {
            Sched.get().startTimer(() -> {
                try {
                    fire.run();
                } finally {
                    PENDING.decrementAndGet();
                }
            }, saturatedNanos(delay), 0);
        } catch (RuntimeException e) {
            PENDING.decrementAndGet();
            throw e;
        }
    }

    /** A timer that runs a callback every period until stopped. */
    public static final class Periodic {
        private final Timer timer;
        private final AtomicBoolean stopped = new AtomicBoolean();

        private Periodic(Timer timer) {
            this.timer = timer;
        }

        /** Stops future runs; idempotent. A run already under way completes. */
        public void stop() {
            if (stopped.compareAndSet(false, true)) {
                timer.cancel(false);
                PENDING.decrementAndGet();
            }
        }
    }

    /**
     * Runs {@code tick} on an M every {@code period}, first after one period, until the returned
     * timer is stopped. A late run is not made up for twice (fixed rate, as Go's ticker drops ticks
     * a slow receiver missed). {@code tick} must not throw.
     *
     * @throws IllegalArgumentException when {@code period} is not positive
     */
    public static Periodic every(Duration period, Runnable tick) {
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("ticker period must be positive, got " + period);
        }
        DeadlockDetector.ensureStarted();
        long nanos = saturatedNanos(period);
        PENDING.incrementAndGet();
        try {
            return new Periodic(Sched.get().startTimer(tick, nanos, nanos));
        } catch (RuntimeException e) {
            PENDING.decrementAndGet();
            throw e;
        }
    }

    /** The duration in nanoseconds, clamped to [0, Long.MAX_VALUE] (about 292 years). */
    private static long saturatedNanos(Duration d) {
        if (d.isNegative()) {
            return 0;
        }
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}

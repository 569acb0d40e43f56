package dev.gmp.chan;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * gmp's timers (behind {@code Gmp.after} and {@code Ticker}): one daemon platform thread,
 * {@code gmp-timer}, runs their callbacks, which only ever do a non-blocking channel send, so a
 * slow receiver cannot hold up other timers. A platform thread rather than a G, so timers fire
 * even when every P is busy (Go's timers also fire from the scheduler, not from a goroutine).
 *
 * <p>Pending timers are counted: a G waiting for a timer is not deadlocked, as in Go's checkdead.
 * A one-shot timer counts until its callback has run (its send, and so the wake-up of its
 * receiver, happens before the count drops); a periodic one until stopped.
 */
public final class Timers {
    private Timers() {}

    private static final AtomicLong PENDING = new AtomicLong();

    private static final class Executor {
        static final ScheduledThreadPoolExecutor INSTANCE = create();

        private static ScheduledThreadPoolExecutor create() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1,
                    task -> Thread.ofPlatform().daemon().name("gmp-timer").unstarted(task));
            e.setRemoveOnCancelPolicy(true); // stopped tickers do not linger in the queue
            return e;
        }
    }

    /** Timers that may still fire: one-shot timers not yet run plus periodic ones not yet stopped. */
    public static long pending() {
        return PENDING.get();
    }

    /** Runs {@code fire} once on the timer thread after {@code delay} (at once when not positive). */
    public static void after(Duration delay, Runnable fire) {
        DeadlockDetector.ensureStarted();
        PENDING.incrementAndGet();
        try {
            Executor.INSTANCE.schedule(() -> {
                try {
                    fire.run();
                } finally {
                    PENDING.decrementAndGet();
                }
            }, saturatedNanos(delay), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            PENDING.decrementAndGet();
            throw e;
        }
    }

    /** A timer that runs a callback every period until stopped. */
    public static final class Periodic {
        private final ScheduledFuture<?> future;
        private final AtomicBoolean stopped = new AtomicBoolean();

        private Periodic(ScheduledFuture<?> future) {
            this.future = future;
        }

        /** Stops future runs; idempotent. A run already under way completes. */
        public void stop() {
            if (stopped.compareAndSet(false, true)) {
                future.cancel(false);
                PENDING.decrementAndGet();
            }
        }
    }

    /**
     * Runs {@code tick} on the timer thread every {@code period}, first after one period, until the
     * returned timer is stopped. A late run is not made up for twice (fixed rate, as Go's ticker
     * drops ticks a slow receiver missed). {@code tick} must not throw.
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
            return new Periodic(Executor.INSTANCE.scheduleAtFixedRate(tick, nanos, nanos, TimeUnit.NANOSECONDS));
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

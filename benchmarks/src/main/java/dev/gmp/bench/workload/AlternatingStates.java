package dev.gmp.bench.workload;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Measures one running load in two states of a switch, alternating every {@value #PERIOD_MILLIS} ms:
 * the calling (platform) thread flips the switch, reads the load's count of finished units at each
 * flip and charges the units and the time since the previous flip to the state that was on. The two
 * states then share everything else: the JVM, its JIT code and heap, the load's threads and where
 * they run, and the machine's drift over the run. That is what a cost of a few percent needs, since
 * two runs of one state differ by more (which P a ping-pong pair settles on, where its objects lie).
 *
 * <p>The first period is left out (the load starting up), and so is the one the load ends in.
 */
final class AlternatingStates {
    private AlternatingStates() {}

    static final long PERIOD_MILLIS = 20;

    /** A switch between the two states. */
    interface Switch {
        void set(boolean on);
    }

    /**
     * Flips {@code toggle} every period while the load runs, {@code onFirst} deciding the first
     * measured state, and leaves it on. Returns the nanoseconds per unit with it on, then off.
     *
     * @param finished units the load has finished so far (monotonic; read from this thread)
     * @param running  whether the load is still going
     */
    static double[] nanosPerUnit(Switch toggle, boolean onFirst, LongSupplier finished, BooleanSupplier running)
            throws InterruptedException {
        long[] units = new long[2], nanos = new long[2]; // [0]: on, [1]: off
        boolean on = onFirst;
        try {
            toggle.set(on);
            TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS); // the start-up period, not charged
            long lastNanos = System.nanoTime(), lastUnits = finished.getAsLong();
            while (true) {
                TimeUnit.MILLISECONDS.sleep(PERIOD_MILLIS);
                if (!running.getAsBoolean()) {
                    break; // the load ended in this period: a partial one, left out
                }
                long now = System.nanoTime(), done = finished.getAsLong();
                int state = on ? 0 : 1;
                units[state] += done - lastUnits;
                nanos[state] += now - lastNanos;
                on = !on;
                toggle.set(on);
                lastNanos = now;
                lastUnits = done;
            }
        } finally {
            toggle.set(true);
        }
        if (units[0] == 0 || units[1] == 0) {
            throw new IllegalStateException("the load ended before both states had a full " + PERIOD_MILLIS
                    + " ms period (on: " + units[0] + " units, off: " + units[1] + "); give it more work");
        }
        return new double[] {nanos[0] / (double) units[0], nanos[1] / (double) units[1]};
    }
}

package dev.gmp.sched;

/**
 * The switch for the per-P scheduling-latency and slice histograms: {@code -Dgmp.schedStats=on|off}
 * (default on), read once at start-up into a constant so that, switched off, the sampling compiles
 * away. Off, no transition to runnable is tracked: the histograms and the goroutine table's sampled
 * runnable/running times stay zero, and the scheduler reads the clock for them nowhere (the flight
 * recorder, when on, still reads it for its own slices).
 */
public final class SchedStats {
    private SchedStats() {}

    /** Whether {@link Sched#ready} tracks 1 in {@link Sched#TRACKING_PERIOD} transitions (a constant). */
    static final boolean ENABLED;
    /** Why the property was refused, or null; reported by {@link #validate} when the scheduler starts. */
    private static final String INVALID;

    static {
        String value = System.getProperty("gmp.schedStats", "on").trim();
        INVALID = value.equals("on") || value.equals("off")
                ? null
                : "-Dgmp.schedStats must be 'on' or 'off', got '" + value + "'";
        ENABLED = !value.equals("off");
    }

    /**
     * Whether sampling runs now (only meaningful when {@link #ENABLED}): it can be stopped and
     * started at run time. Read only on the 1-in-{@link Sched#TRACKING_PERIOD} transitions the
     * sequence picks, so a stopped sampler costs that read there and nothing elsewhere.
     */
    private static volatile boolean sampling = true;

    /** Whether transitions to runnable are sampled now: on at start-up and not stopped. Any thread. */
    public static boolean sampling() {
        return ENABLED && sampling;
    }

    /**
     * Starts ({@code true}) or stops sampling. Stopped, the histograms keep their counts and the
     * goroutine table's sampled times stop growing. Throws when the histograms are off for this JVM.
     */
    public static void sampling(boolean on) {
        if (!ENABLED) {
            throw new IllegalStateException("the scheduling histograms are off for this JVM (-Dgmp.schedStats=off): "
                    + "their sampling can be started and stopped only when they are on at start-up (the default)");
        }
        sampling = on;
    }

    /** Throws when the property is invalid; called once by the scheduler's constructor. */
    static void validate() {
        if (INVALID != null) {
            throw new IllegalArgumentException(INVALID);
        }
    }
}

package dev.gmp.chan;

import java.util.Locale;

/** What gmp does when every goroutine is asleep ({@code -Dgmp.deadlock}). */
public enum DeadlockMode {
    /** Print Go's fatal error and the goroutine dump to stderr and put it in snapshots (default). */
    REPORT,
    /** Print it, then halt the JVM with exit status 2, as Go does. */
    EXIT,
    /** No detection (no detector thread). */
    OFF;

    public static final String PROPERTY = "gmp.deadlock";

    /**
     * Parses a {@code -Dgmp.deadlock} value; null or blank means {@link #REPORT}.
     *
     * @throws IllegalArgumentException naming the property and the valid values
     */
    public static DeadlockMode parse(String value) {
        if (value == null || value.isBlank()) {
            return REPORT;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("-D" + PROPERTY + " must be one of report, exit, off; got '" + value + "'");
        }
    }

    public static DeadlockMode fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }
}

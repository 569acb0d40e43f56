package dev.gmp.agent;

/**
 * An agent option that cannot be honoured. Its message is the single line the user sees before
 * start-up stops: it names the option, the bad value, why (when that helps) and what is valid.
 */
public final class BadOptionException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String option;

    BadOptionException(String key, String value, String reason, String valid) {
        super("gmp: bad option " + key + "=" + value + (reason == null ? "" : ": " + reason) + "; valid: " + valid);
        this.option = key;
    }

    /** The option's key as the user wrote it. */
    public String option() {
        return option;
    }
}

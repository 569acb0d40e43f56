package dev.gmp.agent;

/** How much the agent says on stderr ({@code log=}). Errors are always printed. */
public enum LogLevel {
    /** Errors only. */
    QUIET,
    /** The start-up line and the self-test result (default). */
    INFO,
    /** Also every class the agent instruments. */
    DEBUG
}

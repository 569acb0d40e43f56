package dev.gmp.agent;

/**
 * The agent's lines on stderr, each prefixed {@code gmp: }. The level is set once by the installer
 * from {@code log=}; until then (option parsing) it is {@link LogLevel#INFO}.
 */
public final class AgentLog {
    private AgentLog() {}

    private static volatile LogLevel level = LogLevel.INFO;

    public static void setLevel(LogLevel newLevel) {
        level = newLevel;
    }

    public static boolean debugEnabled() {
        return level == LogLevel.DEBUG;
    }

    public static void info(String message) {
        if (level != LogLevel.QUIET) {
            print(message);
        }
    }

    public static void debug(String message) {
        if (level == LogLevel.DEBUG) {
            print(message);
        }
    }

    /** Printed at every level: something the user must know (a feature is off, start-up stopped). */
    public static void error(String message) {
        print(message);
    }

    /**
     * A failure and its causes on one line: an ExceptionInInitializerError says nothing by itself
     * (the JDK's {@code -Djdk.virtualThreadScheduler.parallelism=abc} fails VirtualThread's initializer).
     */
    public static String describe(Throwable t) {
        StringBuilder text = new StringBuilder(String.valueOf(t));
        int depth = 0;
        for (Throwable cause = t.getCause(); cause != null && cause != t && depth < 8; cause = cause.getCause(), depth++) {
            text.append(", caused by ").append(cause);
        }
        return text.toString();
    }

    private static void print(String message) {
        System.err.println("gmp: " + message);
    }
}

package dev.gmp.jdktests;

import java.util.List;

/**
 * One {@code @run} line of a jtreg test that the runner can execute: {@code main} or {@code junit},
 * each in a JVM of its own (jtreg's {@code othervm}; the runner gives every line a fresh JVM).
 *
 * @param text           the line as written, without {@code @run}
 * @param junit          whether the class is a JUnit 5 test class, else a {@code main}
 * @param timeoutSeconds jtreg's {@code /timeout=N}, 120 when absent
 * @param vmOptions      the JVM options the line gives
 * @param className      the class to run
 * @param args           the arguments of a {@code main}
 */
record RunLine(String text, boolean junit, int timeoutSeconds, List<String> vmOptions, String className, List<String> args) {
    static final int DEFAULT_TIMEOUT_SECONDS = 120;

    /** The value of {@code -Dname=value} among the line's options, or null. */
    String systemProperty(String name) {
        String prefix = "-D" + name + "=";
        return vmOptions.stream().filter(o -> o.startsWith(prefix)).map(o -> o.substring(prefix.length()))
                .reduce((first, last) -> last).orElse(null);
    }
}

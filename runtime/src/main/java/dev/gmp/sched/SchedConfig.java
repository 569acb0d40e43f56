package dev.gmp.sched;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The scheduler's settings, parsed and validated in one place.
 *
 * @param procs            initial GOMAXPROCS ({@code -Dgmp.procs}, else the JDK's own
 *                         {@code -Djdk.virtualThreadScheduler.parallelism}, which means the same thing
 *                         for the JDK's scheduler, else the available processors; the last two capped
 *                         by {@code -Djdk.virtualThreadScheduler.maxPoolSize}, as the JDK caps them)
 * @param runqCapacity     local run queue slots per P ({@code -Dgmp.runqSize}, default 256, power of two)
 * @param schedtraceMillis print a schedtrace line every so often to stderr ({@code -Dgmp.schedtrace}, 0 = off)
 * @param maxThreads       the most Ms the process may create ({@code -Dgmp.maxThreads}, default 10000 like Go)
 * @param haltOnThreadLimit what reaching maxThreads does ({@code -Dgmp.onThreadLimit}): {@code degrade}
 *                         (default: a blocking call keeps its P instead of handing it off, until Ms free
 *                         up) or {@code halt} (Go's "fatal error: thread exhaustion", exit status 2)
 * @param carrierSpacers   whether each new M is preceded by two parked threads that keep its JVM thread
 *                         handles off the next M's cache lines ({@code -Dgmp.carrierSpacers=on|off},
 *                         default on; see CarrierSpacers)
 */
public record SchedConfig(int procs, int runqCapacity, long schedtraceMillis, int maxThreads,
                          boolean haltOnThreadLimit, boolean carrierSpacers) {

    /** The JDK's setting for the number of carriers its own virtual-thread scheduler runs. */
    static final String JDK_PARALLELISM = "jdk.virtualThreadScheduler.parallelism";
    static final String JDK_MAX_POOL_SIZE = "jdk.virtualThreadScheduler.maxPoolSize";

    public SchedConfig {
        if (procs < 1) {
            throw new IllegalArgumentException("gmp.procs must be at least 1, got " + procs);
        }
        if (runqCapacity < 2 || Integer.bitCount(runqCapacity) != 1) {
            throw new IllegalArgumentException("gmp.runqSize must be a power of two >= 2, got " + runqCapacity);
        }
        if (schedtraceMillis < 0) {
            throw new IllegalArgumentException("gmp.schedtrace must be a period in milliseconds >= 0, got " + schedtraceMillis);
        }
        if (maxThreads < 1) {
            throw new IllegalArgumentException("gmp.maxThreads must be at least 1, got " + maxThreads);
        }
    }

    public static SchedConfig fromSystemProperties() {
        return fromProperties(System::getProperty, Runtime.getRuntime().availableProcessors());
    }

    /** The settings that {@code property} (a system property lookup) gives on a machine of {@code cpus} CPUs. */
    static SchedConfig fromProperties(UnaryOperator<String> property, int cpus) {
        // An application tuned for the JDK's scheduler keeps its parallelism when the agent moves it onto gmp.
        String procsSetting = isSet(property, "gmp.procs") ? "gmp.procs" : isSet(property, JDK_PARALLELISM) ? JDK_PARALLELISM : null;
        int procs = procsSetting == null ? cpus : intProperty(property, procsSetting, cpus);
        if (procs < 1) {
            throw new IllegalArgumentException("-D" + procsSetting + " must be at least 1, got " + procs);
        }
        if (!"gmp.procs".equals(procsSetting) && isSet(property, JDK_MAX_POOL_SIZE)) {
            // As the JDK does: its maxPoolSize caps the parallelism it takes (or the CPU count).
            int maxPoolSize = intProperty(property, JDK_MAX_POOL_SIZE, procs);
            if (maxPoolSize < 1) {
                throw new IllegalArgumentException("-D" + JDK_MAX_POOL_SIZE + " must be at least 1, got " + maxPoolSize);
            }
            procs = Math.min(procs, maxPoolSize);
        }
        return new SchedConfig(
                procs,
                intProperty(property, "gmp.runqSize", RunQueue.DEFAULT_CAPACITY),
                intProperty(property, "gmp.schedtrace", 0),
                intProperty(property, "gmp.maxThreads", 10_000),
                haltOnThreadLimit(Objects.requireNonNullElse(property.apply("gmp.onThreadLimit"), "degrade")),
                onOff("gmp.carrierSpacers", Objects.requireNonNullElse(property.apply("gmp.carrierSpacers"), "on")));
    }

    private static boolean haltOnThreadLimit(String value) {
        return switch (value.trim()) {
            case "degrade", "" -> false;
            case "halt" -> true;
            default -> throw new IllegalArgumentException(
                    "-Dgmp.onThreadLimit must be 'degrade' or 'halt', got '" + value + "'");
        };
    }

    private static boolean onOff(String name, String value) {
        return switch (value.trim()) {
            case "on", "" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("-D" + name + " must be 'on' or 'off', got '" + value + "'");
        };
    }

    private static boolean isSet(UnaryOperator<String> property, String name) {
        String value = property.apply(name);
        return value != null && !value.isBlank();
    }

    private static int intProperty(UnaryOperator<String> property, String name, int fallback) {
        String value = property.apply(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + name + " must be an integer, got '" + value + "'");
        }
    }
}

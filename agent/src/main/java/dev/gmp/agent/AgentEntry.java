package dev.gmp.agent;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;

/**
 * The agent jar's Premain-Class and Agent-Class, compiled for Java 8 (its own compiler execution in
 * the agent's pom) so that any JVM can load it. gmp needs JDK 25, and every other class of the agent
 * is compiled for 25. Named directly in the manifest, {@link GmpAgent} fails to load on an older JVM
 * with an UnsupportedClassVersionError, and the JVM then aborts with a fatal error: the application
 * never starts. Here an older JVM gets one line on stderr and the application runs without gmp. An
 * attach to an older JVM fails in the attaching tool with the same message. On JDK 25 and newer this
 * class hands over to GmpAgent and does nothing else.
 */
public final class AgentEntry {
    /** The oldest Java feature release gmp runs on. */
    static final int REQUIRED_FEATURE = 25;

    private AgentEntry() {}

    public static void premain(String args, Instrumentation inst) throws Throwable {
        String running = System.getProperty("java.specification.version");
        if (!supported(running)) {
            System.err.println(unsupported(running) + "; the application runs without gmp");
            return;
        }
        handOver("premain", args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) throws Throwable {
        String running = System.getProperty("java.specification.version");
        if (!supported(running)) {
            throw new IllegalStateException(unsupported(running) + "; nothing was attached");
        }
        handOver("agentmain", args, inst);
    }

    /** Whether a JVM whose java.specification.version is {@code version} ("1.8", "17", "25") runs gmp. */
    static boolean supported(String version) {
        if (version == null) {
            return false;
        }
        String feature = version.startsWith("1.") ? version.substring(2) : version;
        int dot = feature.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? feature : feature.substring(0, dot)) >= REQUIRED_FEATURE;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String unsupported(String running) {
        return "gmp: needs Java " + REQUIRED_FEATURE + " or newer, this JVM is Java " + running;
    }

    private static void handOver(String method, String args, Instrumentation inst) throws Throwable {
        try {
            Class.forName("dev.gmp.agent.GmpAgent").getMethod(method, String.class, Instrumentation.class)
                    .invoke(null, args, inst);
        } catch (InvocationTargetException e) {
            throw e.getCause(); // GmpAgent's own failure, as if the JVM had called it directly
        }
    }
}

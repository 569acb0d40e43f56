package dev.gmp.agent;

import java.lang.instrument.Instrumentation;

/**
 * {@code -javaagent:gmp-agent.jar[=options]} (premain) and attach (agentmain).
 *
 * <p>This class runs before gmp's runtime is on the bootstrap class path, so it must not mention
 * any runtime or bridge type, nor make Byte Buddy initialize: it parses the options, sets Byte
 * Buddy's safe mode, appends the boot jar and hands over to {@link AgentInstaller}, whose classes
 * link to the runtime only once it is there. It never lets an internal failure reach the JVM.
 */
public final class GmpAgent {
    private GmpAgent() {}

    /** Exit status of a JVM whose {@code -javaagent} options are invalid (like a command-line usage error). */
    static final int BAD_OPTION_STATUS = 2;

    public static void premain(String args, Instrumentation inst) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (BadOptionException e) {
            // Start-up stops: the user asked for something gmp cannot do, and running without it
            // would hide that. The message names the option, the bad value and the valid ones.
            System.err.println(e.getMessage());
            System.exit(BAD_OPTION_STATUS);
            return;
        }
        start(options, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        AgentOptions options;
        try {
            options = AgentOptions.parse(args);
        } catch (BadOptionException e) {
            // Never stop a running application: say why on its stderr and make the attaching tool's
            // loadAgent fail (the CLI validates options first, so this is another tool's request).
            System.err.println(e.getMessage());
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        start(options, inst, true);
    }

    private static void start(AgentOptions options, Instrumentation inst, boolean attached) {
        try {
            useByteBuddySafeMode();
            BootstrapJar.appendOnce(inst);
            AgentInstaller.install(options, inst, attached);
        } catch (Throwable t) {
            AgentLog.error("not started (" + AgentLog.describe(t) + "); the application runs on the JDK's default scheduler");
        }
    }

    /**
     * Byte Buddy's safe mode keeps it off sun.misc.Unsafe (JDK 25 warns on first use). It reads the
     * property when its classes initialize, so it is set first. The name is derived from Byte
     * Buddy's package so that, relocated in the agent jar, it addresses only gmp's private copy and
     * never an application's own Byte Buddy.
     */
    private static void useByteBuddySafeMode() {
        String property = net.bytebuddy.ByteBuddy.class.getPackageName() + ".safe";
        if (System.getProperty(property) == null) {
            System.setProperty(property, "true");
        }
    }
}

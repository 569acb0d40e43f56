package dev.gmp.agent.instrument;

import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.utility.JavaModule;

/**
 * Which classes are the application's: not the JDK's (bootstrap and platform class loaders, which
 * also load gmp's runtime), and not gmp's agent or the libraries shaded into its jar: whatever
 * comes from the agent jar's code source, and the classes those libraries generate at run time
 * (Byte Buddy's dispatcher proxies live in the agent's package but in no jar).
 */
final class ApplicationClasses {
    private ApplicationClasses() {}

    private static final String AGENT_PACKAGE = "dev.gmp.agent.";

    /** Matches the classes that are not the application's: an {@code ignore} matcher. */
    static AgentBuilder.RawMatcher notApplication(URL agentJar) {
        ClassLoader platform = ClassLoader.getPlatformClassLoader();
        return (TypeDescription type, ClassLoader loader, JavaModule module, Class<?> classBeingRedefined,
                ProtectionDomain domain) -> loader == null || loader == platform
                || type.getName().startsWith(AGENT_PACKAGE) || fromAgentJar(domain, agentJar);
    }

    private static boolean fromAgentJar(ProtectionDomain domain, URL agentJar) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        return source != null && agentJar.equals(source.getLocation());
    }
}

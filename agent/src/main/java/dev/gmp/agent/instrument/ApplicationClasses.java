package dev.gmp.agent.instrument;

import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;

/**
 * Which classes are the application's: not the JDK's (bootstrap and platform class loaders, which
 * also load gmp's runtime), and not gmp's agent or the libraries shaded into its jar: whatever
 * comes from the agent jar's code source, and the classes those libraries generate at run time
 * (Byte Buddy's dispatcher proxies live in the agent's package but in no jar).
 */
final class ApplicationClasses {
    /** In internal form, as a ClassFileTransformer sees class names. */
    private static final String AGENT_PACKAGE = "dev/gmp/agent/";

    private final URL agentJar;
    private final ClassLoader platform = ClassLoader.getPlatformClassLoader();

    ApplicationClasses(URL agentJar) {
        this.agentJar = agentJar;
    }

    /** Whether the class {@code internalName}, being defined by {@code loader} in {@code domain}, is the application's. */
    boolean isApplication(String internalName, ClassLoader loader, ProtectionDomain domain) {
        return loader != null && loader != platform && !internalName.startsWith(AGENT_PACKAGE) && !fromAgentJar(domain);
    }

    private boolean fromAgentJar(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        return source != null && agentJar.equals(source.getLocation());
    }
}

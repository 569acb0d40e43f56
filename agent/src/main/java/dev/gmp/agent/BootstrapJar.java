package dev.gmp.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The runtime and the bridge travel inside the agent jar as one nested jar,
 * {@value #RESOURCE}, which is appended to the bootstrap class loader's search path. Being there,
 * they are the one copy of gmp that the application (its class loaders delegate to the bootstrap
 * loader first), advice inlined into JDK classes, and the agent itself all link to. The agent jar
 * holds no unnested copy, so no class loader can define a second one.
 */
final class BootstrapJar {
    private BootstrapJar() {}

    static final String RESOURCE = "META-INF/gmp/gmp-boot.jar";
    /** A class that exists only in the boot jar: loadable from the bootstrap loader once appended. */
    private static final String PROBE = "dev.gmp.agent.boot.GmpBridge";

    /** The boot jar as appended by this agent; null before {@link #appendOnce} appended it. */
    private static volatile Path appended;

    /**
     * Appends the boot jar unless an earlier start (premain, or an attach) in this JVM already did.
     * The JVM prints a one-line class-sharing warning when the bootstrap path grows.
     */
    static void appendOnce(Instrumentation inst) throws IOException {
        if (onBootstrapPath()) {
            return;
        }
        Path extracted = Files.createTempFile("gmp-boot-", ".jar");
        extracted.toFile().deleteOnExit(); // the JVM keeps it open; on Unix deleting it then is harmless
        try (JarFile agentJar = new JarFile(agentJarPath().toFile())) {
            JarEntry entry = agentJar.getJarEntry(RESOURCE);
            if (entry == null) {
                throw new IOException(agentJarPath() + " has no " + RESOURCE + "; it is not a complete gmp-agent.jar");
            }
            try (InputStream in = agentJar.getInputStream(entry)) {
                Files.copy(in, extracted, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(extracted.toFile()));
        if (!onBootstrapPath()) {
            throw new IOException("the bootstrap class loader cannot see " + PROBE + " in " + extracted);
        }
        appended = extracted;
    }

    /**
     * A resource of the runtime, such as a JFR settings file. Read from the boot jar itself: a jar
     * appended to the bootstrap path at run time serves classes, but ClassLoader.getResource does
     * not look into it.
     */
    static byte[] readResource(String name) throws IOException {
        Path jar = appended;
        if (jar == null) {
            throw new IOException("the gmp boot jar was not appended by this agent");
        }
        try (JarFile boot = new JarFile(jar.toFile())) {
            JarEntry entry = boot.getJarEntry(name);
            if (entry == null) {
                throw new IOException("the gmp runtime has no " + name);
            }
            try (InputStream in = boot.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    static boolean onBootstrapPath() {
        try {
            Class.forName(PROBE, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The jar this class was loaded from. */
    static Path agentJarPath() throws IOException {
        try {
            return Path.of(BootstrapJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot locate the gmp agent jar", e);
        }
    }
}

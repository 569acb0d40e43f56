package dev.gmp.agent;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.zip.CRC32;

/**
 * The runtime and the bridge travel inside the agent jar as one nested jar,
 * {@value #RESOURCE}, which is appended to the bootstrap class loader's search path. Being there,
 * they are the one copy of gmp that the application (its class loaders delegate to the bootstrap
 * loader first), advice inlined into JDK classes, and the agent itself all link to. The agent jar
 * holds no unnested copy, so no class loader can define a second one.
 *
 * <p>The build also writes that jar beside the agent as {@value #SIBLING}, and the agent jar's
 * manifest names it in {@code Boot-Class-Path}: the JVM then appends it while it loads the agent,
 * before class data sharing is set up, which keeps sharing on for every class loader and saves
 * the extraction (and the JVM's warning about a grown bootstrap path). When the agent jar travels
 * alone, the JVM skips the missing name and the agent extracts the nested copy instead.
 */
final class BootstrapJar {
    private BootstrapJar() {}

    static final String RESOURCE = "META-INF/gmp/gmp-boot.jar";
    /** The boot jar's name beside the agent jar, as the manifest's {@code Boot-Class-Path} gives it. */
    static final String SIBLING = "gmp-agent-boot.jar";
    /** A class that exists only in the boot jar: loadable from the bootstrap loader once appended. */
    private static final String PROBE = "dev.gmp.agent.boot.GmpBridge";

    /** The boot jar on the bootstrap path; null before {@link #appendOnce} found or appended it. */
    private static volatile Path appended;

    /**
     * Appends the boot jar unless the JVM ({@code Boot-Class-Path}) or an earlier start (premain, or
     * an attach) in this JVM already did. The JVM prints a one-line class-sharing warning when this
     * method has to grow the bootstrap path.
     *
     * @throws IOException also when the jar the JVM appended beside the agent is not this agent's own
     *     (another build's boot jar left there): its classes would not match the agent's
     */
    static void appendOnce(Instrumentation inst) throws IOException {
        if (onBootstrapPath()) {
            if (appended == null) {
                appended = siblingOnBootstrapPath();
            }
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

    /**
     * The sibling jar, checked to be this agent's own boot jar, when it is what the bootstrap loader
     * serves gmp from; null when the classes come from elsewhere (an earlier start's extraction,
     * whose jar the bootstrap loader serves no resources from).
     */
    private static Path siblingOnBootstrapPath() throws IOException {
        Path agentJar = agentJarPath();
        Path sibling = agentJar.resolveSibling(SIBLING);
        Path served = jarServing(PROBE.replace('.', '/') + ".class");
        if (served == null || !Files.exists(sibling) || !Files.isSameFile(served, sibling)) {
            return null;
        }
        try (JarFile agent = new JarFile(agentJar.toFile())) {
            JarEntry nested = agent.getJarEntry(RESOURCE);
            if (nested == null || nested.getSize() != Files.size(sibling) || nested.getCrc() != crc32(sibling)) {
                throw new IOException(sibling + " is not the boot jar built with " + agentJar
                        + " (a stale copy?): put the gmp-agent-boot.jar of the same build beside the agent jar, or delete it");
            }
        }
        return sibling;
    }

    /** The local jar the bootstrap loader serves {@code resource} from, or null. */
    private static Path jarServing(String resource) {
        URL url = ClassLoader.getPlatformClassLoader().getResource(resource); // delegates to the bootstrap loader
        if (url == null || !url.getProtocol().equals("jar")) {
            return null;
        }
        String jar = url.getPath(); // file:/dir/name.jar!/resource
        int bang = jar.indexOf("!/");
        try {
            return bang < 0 ? null : Path.of(new URI(jar.substring(0, bang)));
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static long crc32(Path file) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(file));
        return crc.getValue();
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

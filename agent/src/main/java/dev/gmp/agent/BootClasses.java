package dev.gmp.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;

/**
 * Loads every class of the boot jar (the runtime and the bridge) before the JDK's hooks go live.
 *
 * <p>Why: another agent's {@code ClassFileTransformer} runs while the JVM loads each class, on the
 * loading thread, and may do what gmp hooks (write a log line, read a jar: {@code Blocker.begin}).
 * If that hook needs the very gmp class being loaded, the JVM throws {@code ClassCircularityError},
 * and records it against the hook's reference, so every later use of that reference throws it
 * again: with the OpenTelemetry Java agent ahead of gmp's, {@code Sched}'s reference to {@code M}
 * failed so for good, and every virtual thread went back to the JDK's scheduler. A class already
 * loaded passes no transformer again, so loading them all first leaves none for a hook to meet
 * half-loaded. Loading runs no static initializer.
 */
final class BootClasses {
    private BootClasses() {}

    private static final String CLASS_SUFFIX = ".class";

    /** Loads the boot jar's classes through the bootstrap loader; returns how many. */
    static int preload() throws IOException, ClassNotFoundException {
        List<String> names = classNames();
        for (String name : names) {
            Class.forName(name, false, null);
        }
        return names.size();
    }

    /** The binary names of the classes in the nested boot jar, read from the agent jar. */
    static List<String> classNames() throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile agentJar = new JarFile(BootstrapJar.agentJarPath().toFile())) {
            JarEntry nested = agentJar.getJarEntry(BootstrapJar.RESOURCE);
            if (nested == null) {
                throw new IOException(BootstrapJar.agentJarPath() + " has no " + BootstrapJar.RESOURCE);
            }
            try (InputStream in = agentJar.getInputStream(nested); JarInputStream boot = new JarInputStream(in)) {
                for (JarEntry e; (e = boot.getNextJarEntry()) != null; ) {
                    String path = e.getName();
                    if (path.endsWith(CLASS_SUFFIX) && !path.startsWith("META-INF/")
                            && !path.endsWith("module-info.class") && !path.endsWith("package-info.class")) {
                        names.add(path.substring(0, path.length() - CLASS_SUFFIX.length()).replace('/', '.'));
                    }
                }
            }
        }
        return names;
    }
}

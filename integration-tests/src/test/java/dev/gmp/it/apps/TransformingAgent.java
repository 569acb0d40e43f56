package dev.gmp.it.apps;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Another Java agent, as monitoring agents are: while the JVM loads a class, its transformer does
 * something gmp hooks, on the loading thread (it reads a file, as the OpenTelemetry agent reads
 * class files and writes log lines there). It changes no class. Started with its own
 * {@code -javaagent} jar, whose manifest names this class; it comes from the application's class path.
 */
public final class TransformingAgent {
    private TransformingAgent() {}

    private static final AtomicInteger GMP_CLASSES_SEEN = new AtomicInteger();

    public static void premain(String args, Instrumentation inst) {
        Path file = Path.of(System.getProperty("java.home"), "release");
        inst.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String name, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
                if (name != null && name.startsWith("dev/gmp/")) {
                    try (InputStream in = new FileInputStream(file.toFile())) {
                        in.read(); // a blocking call: gmp's hooks run inside it
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    GMP_CLASSES_SEEN.incrementAndGet();
                }
                return null;
            }
        });
    }

    /** How many of gmp's classes the transformer saw loaded. */
    static int gmpClassesSeen() {
        return GMP_CLASSES_SEEN.get();
    }
}

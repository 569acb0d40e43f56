package dev.gmp.it.apps;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** What the real-server apps print about themselves, and what their handlers do. */
final class ServerApps {
    private ServerApps() {}

    /**
     * A request's work: a short wait, as for a downstream call (the goroutine parks and is resumed,
     * perhaps on another M), then the answer names the thread that answers:
     * {@code VirtualThread[#id,name]/runnable@gmp-m-N} when it is a goroutine on gmp.
     */
    static String handle() throws InterruptedException {
        Thread.sleep(1);
        return Thread.currentThread().toString();
    }

    /**
     * Prints {@code port=N} (what the test waits for), the jar {@code serverClass} came from and the
     * slf4j logger factory in use: the app's own server and its own logger, never the agent's copies.
     */
    static void printStarted(int port, Class<?> serverClass) {
        System.out.println("serverJar=" + jarOf(serverClass));
        System.out.println("loggerFactory=" + LoggerFactory.getILoggerFactory().getClass().getName());
        System.out.println("port=" + port);
    }

    private static String jarOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getFileName().toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.gmp.it.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs under gmp's agent and {@link TransformingAgent}: 50 virtual threads each read a file, sleep
 * and yield ten times. Prints {@code gmpClassesSeen=N} (gmp classes the other agent's transformer
 * saw loaded) and {@code carriers=} the distinct carrier name prefixes the threads ran on.
 */
public final class BesideAnotherAgentApp {
    public static void main(String[] args) throws Exception {
        Path file = Path.of(System.getProperty("java.home"), "release");
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                for (int round = 0; round < 10; round++) {
                    carriers.add(Carriers.current().replaceAll("\\d+$", ""));
                    try {
                        Files.readAllBytes(file);
                        Thread.sleep(1);
                    } catch (IOException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    Thread.yield();
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("gmpClassesSeen=" + TransformingAgent.gmpClassesSeen());
        System.out.println("carriers=" + String.join(",", carriers));
    }
}

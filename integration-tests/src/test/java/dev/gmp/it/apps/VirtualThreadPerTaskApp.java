package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * An ordinary application: tasks on Executors.newVirtualThreadPerTaskExecutor(), each reporting its
 * carrier; a virtual thread started from inside a task, and one with an explicit builder.
 * Prints {@code carrier=NAME} per task, then where gmp's classes came from and gmp's counters.
 */
public final class VirtualThreadPerTaskApp {
    public static void main(String[] args) throws Exception {
        int tasks = 40;
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tasks; i++) {
                results.add(executor.submit(() -> {
                    Thread.sleep(1); // park and resume: the G must come back to a gmp M
                    return Carriers.current();
                }));
            }
            results.add(executor.submit(() -> {
                // a virtual thread created by a virtual thread gets a G of its own
                String[] inner = new String[1];
                Thread child = Thread.startVirtualThread(() -> inner[0] = Carriers.current());
                child.join();
                return inner[0];
            }));
            for (Future<String> result : results) {
                System.out.println("carrier=" + result.get());
            }
        }
        String[] built = new String[1];
        Thread.ofVirtual().name("built").start(() -> built[0] = Carriers.current()).join();
        System.out.println("carrier=" + built[0]);
        System.out.println("gmpLoader=" + Gmp.class.getClassLoader());
        System.out.println("created=" + Gmp.snapshot().totals().created());
    }
}

package dev.gmp.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * One virtual thread computes for 300 ms without a pause (a long-running goroutine under gmp);
 * then main waits, up to 20 s, for a {@code .json} file to appear in the directory given as the
 * argument (the agent's trace dump) and prints {@code dumped=true} or {@code dumped=false}.
 */
public final class LongSliceApp {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Thread hog = Thread.startVirtualThread(() -> {
            long end = System.nanoTime() + 300_000_000L;
            long x = 1;
            while (System.nanoTime() < end) {
                x ^= x << 13;
                x ^= x >>> 7;
                x ^= x << 17;
            }
            System.out.println("x=" + (x == 0 ? "zero" : "nonzero"));
        });
        hog.join();
        long deadline = System.nanoTime() + 20_000_000_000L;
        boolean dumped = false;
        while (!dumped && System.nanoTime() < deadline) {
            try (Stream<Path> files = Files.list(dir)) {
                dumped = files.anyMatch(f -> f.getFileName().toString().endsWith(".json"));
            }
            Thread.sleep(20);
        }
        System.out.println("dumped=" + dumped);
    }
}

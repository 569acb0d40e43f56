package dev.gmp.it.apps;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A virtual thread that starts virtual threads in a loop and never blocks, until one of them has run
 * or 5 s have passed. Prints {@code ran=true|false} and the carrier the spawner ran on.
 */
public final class SpawnLoopApp {
    public static void main(String[] args) throws InterruptedException {
        AtomicLong ran = new AtomicLong();
        boolean[] sawOne = new boolean[1];
        String[] carrier = new String[1];
        Thread spawner = Thread.ofVirtual().start(() -> {
            carrier[0] = Carriers.current();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ran.get() == 0 && System.nanoTime() < deadline) {
                Thread.ofVirtual().start(ran::incrementAndGet);
            }
            sawOne[0] = ran.get() > 0;
        });
        spawner.join();
        System.out.println("ran=" + sawOne[0]);
        System.out.println("carrier=" + carrier[0]);
    }
}

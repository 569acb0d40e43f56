package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.util.concurrent.CountDownLatch;

/**
 * One virtual thread starts 5,000 short CPU-bound ones, filling its P, so the other Ps' Ms must
 * steal. Prints {@code steals=N}, the scheduler's own total, once every thread is done.
 */
public final class StealingApp {
    public static void main(String[] args) throws InterruptedException {
        int n = 5_000;
        CountDownLatch done = new CountDownLatch(n);
        Thread.startVirtualThread(() -> {
            for (int i = 0; i < n; i++) {
                Thread.startVirtualThread(() -> {
                    long x = 0;
                    for (int k = 0; k < 5_000; k++) x += k;
                    if (x == 1) System.out.print("");
                    done.countDown();
                });
            }
        });
        done.await();
        Thread.sleep(100); // the last threads finish exiting, so no steal follows the count
        System.out.println("steals=" + Gmp.snapshot().totals().steals());
    }
}

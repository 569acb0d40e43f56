package dev.gmp.demo;

import dev.gmp.Gmp;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The runtime demo: spawns waves of goroutines doing CPU bursts, sleeps and wake-ups on every P and
 * prints a schedtrace line every 250 ms, like {@code GODEBUG=schedtrace=250}.
 */
public final class SchedDemo {
    private SchedDemo() {}

    public static void main(String[] args) throws InterruptedException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        System.out.println("gmp demo: " + Gmp.gomaxprocs() + " Ps, " + seconds + " s of load; schedtrace every 250 ms");
        AtomicLong work = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        Thread tracer = Thread.ofPlatform().daemon().start(() -> {
            while (true) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
                System.out.println(Gmp.schedtrace());
            }
        });
        int wave = 0;
        while (System.nanoTime() < end) {
            wave++;
            int n = 2_000;
            CountDownLatch done = new CountDownLatch(n);
            // One spawner G starts the wave, so every G lands on its P first and the others must steal.
            Gmp.go(() -> {
                for (int i = 0; i < n; i++) {
                    int kind = i % 3;
                    Gmp.go(() -> {
                        try {
                            if (kind == 0) {
                                work.addAndGet(burn(20_000));
                            } else if (kind == 1) {
                                Thread.sleep(1);
                            } else {
                                Gmp.gosched();
                                work.addAndGet(burn(5_000));
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        } finally {
                            done.countDown();
                        }
                    });
                }
            });
            done.await();
        }
        tracer.interrupt();
        var totals = Gmp.snapshot().totals();
        System.out.printf("done: %d waves, %d goroutines created, %d steals, %d switches%n",
                wave, totals.created(), totals.steals(), totals.switches());
        System.out.println(Gmp.schedtrace());
    }

    private static long burn(int iterations) {
        long x = 1;
        for (int i = 0; i < iterations; i++) {
            x = x * 6364136223846793005L + 1442695040888963407L;
        }
        return x & 1;
    }
}

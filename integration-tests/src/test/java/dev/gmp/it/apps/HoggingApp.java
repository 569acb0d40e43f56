package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.util.ArrayList;
import java.util.List;

/**
 * 200 virtual threads, each hogging its P for 12 ms without yielding: a long-running slice apiece,
 * about 2 s of them on 2 Ps. Prints {@code longRunning=N}, the scheduler's own count, at the end.
 */
public final class HoggingApp {
    public static void main(String[] args) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            threads.add(Thread.startVirtualThread(() -> {
                long end = System.nanoTime() + 12_000_000;
                while (System.nanoTime() < end) Thread.onSpinWait();
            }));
        }
        for (Thread t : threads) t.join();
        System.out.println("longRunning=" + Gmp.snapshot().totals().longRunning());
    }
}

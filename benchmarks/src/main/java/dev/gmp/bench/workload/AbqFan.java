package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * P producers and P consumers on one {@link ArrayBlockingQueue}: a j.u.c. lock with two conditions,
 * so a full or empty queue parks its callers and every signal wakes a thread through the
 * scheduler. Figure: wall time per item passed.
 */
public final class AbqFan extends AbstractWorkload {
    static final int CAPACITY = 256;

    public AbqFan() {
        super(new WorkloadInfo("abq-fan",
                "ArrayBlockingQueue, P producers × P consumers",
                "ns/item",
                Goal.ratios("≤ 0.5× JDK", 0.5, Double.NaN),
                "P producer and P consumer virtual threads (P = the row's Ps) pass 2,000,000 numbers through one "
                        + "ArrayBlockingQueue of capacity " + CAPACITY + " (put/take); figure = wall time from the first "
                        + "start until every consumer is done, per item (quick: 50,000); same code on both sides",
                GoFigure.twin("manycore", "abq", "Go: one channel of the same capacity")));
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return nanosPerItem(side, side.procs(), size.pick(50_000, 2_000_000));
    }

    /** {@code fan} producers and consumers of {@code side} pass {@code items} (rounded down to a multiple of fan); ns per item. */
    static double nanosPerItem(Scheduler side, int fan, int items) throws InterruptedException {
        int each = items / fan;
        ArrayBlockingQueue<Long> queue = new ArrayBlockingQueue<>(CAPACITY);
        AtomicLong sum = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int p = 0; p < fan; p++) {
            long first = (long) p * each;
            threads.add(side.start(() -> {
                try {
                    for (long i = first; i < first + each; i++) {
                        queue.put(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            threads.add(side.start(() -> {
                long local = 0;
                try {
                    for (int i = 0; i < each; i++) {
                        local += queue.take();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sum.addAndGet(local);
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        long elapsed = System.nanoTime() - start;
        long n = (long) each * fan;
        if (sum.get() != n * (n - 1) / 2) {
            throw new IllegalStateException("consumers summed " + sum.get() + ", expected " + n * (n - 1) / 2);
        }
        return elapsed / (double) n;
    }
}

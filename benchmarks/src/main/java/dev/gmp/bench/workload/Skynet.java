package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;

/**
 * The skynet benchmark: a tree of virtual threads, ten children each, down to one million leaves;
 * every node sums its children's numbers (joined, then read). Figure: milliseconds for the tree.
 */
public final class Skynet extends AbstractWorkload {
    private static final int FANOUT = 10;

    public Skynet() {
        super(new WorkloadInfo("skynet",
                "skynet: a tree of 1M tasks, 10 children each",
                "ms",
                Goal.ratios("≤ 0.5× JDK, ≤ 1.2× Go", 0.5, 1.2),
                "each node starts 10 child virtual threads, joins them and sums their results; same code on both sides (quick: 10k leaves)",
                new GoFigure("skynet", 1.0, "Go: results sent back on channels")));
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return millis(side, size.pick(10_000, 1_000_000));
    }

    /** Runs skynet over {@code leaves} (a power of 10) on {@code side}; milliseconds. */
    public static double millis(Scheduler side, int leaves) throws InterruptedException {
        long[] sum = new long[1];
        long start = System.nanoTime();
        side.start(() -> sum[0] = node(side, 0, leaves)).join();
        double ms = (System.nanoTime() - start) / 1e6;
        long expected = (long) leaves * (leaves - 1) / 2;
        if (sum[0] != expected) {
            throw new IllegalStateException("skynet summed " + sum[0] + ", expected " + expected);
        }
        return ms;
    }

    private static long node(Scheduler side, long first, long size) {
        if (size == 1) {
            return first;
        }
        long childSize = size / FANOUT;
        long[] sums = new long[FANOUT];
        Thread[] children = new Thread[FANOUT];
        for (int i = 0; i < FANOUT; i++) {
            int slot = i;
            long childFirst = first + i * childSize;
            children[i] = side.start(() -> sums[slot] = node(side, childFirst, childSize));
        }
        long total = 0;
        for (int i = 0; i < FANOUT; i++) {
            join(children[i]);
            total += sums[i]; // join happens-after the child's write
        }
        return total;
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("skynet node interrupted", e);
        }
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * A million virtual threads parked on one latch: what a waiting G costs in heap. Both sides are
 * measured the same way: heap in use after full GCs, before the threads start and once all of them
 * are parked; the difference divided by the count. Figure: bytes per parked G.
 */
public final class ParkedMemory extends AbstractWorkload {
    /** Full GCs before each heap reading: the first may leave garbage that a later one collects. */
    private static final int GC_CYCLES = 3;

    public ParkedMemory() {
        super(new WorkloadInfo("parked-memory",
                "memory per parked G, 1M parked",
                "bytes/G",
                Goal.ratios("≤ 1.15× JDK", 1.15, Double.NaN),
                "used heap (MemoryMXBean) after " + GC_CYCLES + " System.gc() cycles, before starting the threads and after all are WAITING on a CountDownLatch; same code on both sides, after one warm-up round (quick: 20k)",
                new GoFigure("parked", 1.0, "Go: process RSS delta, not heap")));
    }

    @Override
    public List<String> jvmOptions() {
        return List.of("-Xms4g", "-Xmx4g");
    }

    /**
     * One round first, on both sides: a parked thread's frozen stack (most of its heap) holds
     * interpreted frames, much larger, when it parks before the JIT compiled the wait path, so a
     * cold round's figure is mostly how far the JIT had got. Cold rounds measured 864-943 bytes/G
     * (gmp) and 752-788 (JDK) in one session; the rounds after the first, 776-779 and 720-729.
     */
    @Override
    public int warmups(Size size) {
        return 1;
    }

    @Override
    public int measurements(Size size) {
        return 1;
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return bytesPerParkedThread(side, size.pick(20_000, 1_000_000));
    }

    /** Parks {@code count} virtual threads of {@code side} on one latch; heap bytes per thread. */
    public static double bytesPerParkedThread(Scheduler side, int count) throws InterruptedException {
        // Everything the measurement needs is allocated before the baseline, so the delta is the threads.
        Thread[] threads = new Thread[count];
        CountDownLatch release = new CountDownLatch(1);
        Runnable waiter = () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        long before = heapUsedAfterGc();
        for (int i = 0; i < count; i++) {
            threads[i] = side.start(waiter);
        }
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                Thread.sleep(1);
            }
        }
        long after = heapUsedAfterGc();
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return (after - before) / (double) count;
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < GC_CYCLES; i++) {
            System.gc();
            Thread.sleep(50);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}

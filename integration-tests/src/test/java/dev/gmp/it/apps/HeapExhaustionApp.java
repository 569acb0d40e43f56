package dev.gmp.it.apps;

import dev.gmp.Gmp;
import dev.gmp.testsupport.NativeSleep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Virtual threads sleep, park, start threads and yield while the main thread fills the heap and
 * holds it full, twice, for {@value #WINDOW_SECONDS} s each: every thread that allocates meanwhile,
 * gmp's Ms and sysmon included, meets OutOfMemoryErrors. Then it prints what a scheduler that
 * survived shows: {@code workersDone=true}, {@code sysmon=alive}, {@code newThreadsOnGmp=true}
 * (a new virtual thread still runs on gmp), {@code advancedDuringCall=N} for a blocking native call
 * with one P (N > 0 only if sysmon retook the P), and {@code sleepsDone=true} for 20,000 new
 * sleeping threads.
 */
public final class HeapExhaustionApp {
    private static final int WINDOW_SECONDS = 3;
    private static final AtomicBoolean stop = new AtomicBoolean();
    private static final AtomicLong cycles = new AtomicLong();
    private static volatile List<Object> ballast;

    public static void main(String[] args) throws Exception {
        Thread[] workers = new Thread[64];
        for (int i = 0; i < workers.length; i++) {
            int kind = i % 4;
            workers[i] = Thread.ofVirtual().start(() -> work(kind));
        }
        Thread.sleep(500);
        for (int window = 0; window < 2; window++) {
            fillTheHeap();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(WINDOW_SECONDS);
            while (System.nanoTime() < until) {
                try {
                    Thread.sleep(50);
                } catch (OutOfMemoryError e) { // this thread allocates too
                }
            }
            ballast = null; // before anything new is allocated: the heap is still full
            System.gc();
            Thread.sleep(500);
        }
        stop.set(true);
        boolean done = true;
        for (Thread w : workers) {
            done &= w.join(Duration.ofSeconds(20));
        }
        System.out.println("workersDone=" + done);
        System.out.println("sysmon=" + (Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().equals("gmp-sysmon")) ? "alive" : "dead"));
        String[] carrier = new String[1];
        Thread.ofVirtual().start(() -> carrier[0] = Thread.currentThread().toString()).join();
        System.out.println("newThreadsOnGmp=" + carrier[0].contains("@gmp-m-")); // not sent back to the JDK's scheduler
        Gmp.gomaxprocs(1);
        BlockingCallProbe.run(() -> {
            NativeSleep.usleep(200_000);
            return 0;
        });
        long start = System.nanoTime();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20_000; i++) {
                executor.submit(() -> {
                    Thread.sleep(1);
                    return null;
                });
            }
        }
        System.out.println("sleepsDone=" + (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(60)));
    }

    private static void fillTheHeap() {
        List<Object> held = new ArrayList<>();
        ballast = held;
        for (int size = 64 * 1024; size >= 16; size /= 8) {
            try {
                while (true) {
                    held.add(new long[size]);
                }
            } catch (OutOfMemoryError e) { // full at this size: smaller blocks fill what is left
            }
        }
    }

    private static void work(int kind) {
        while (!stop.get()) {
            try {
                switch (kind) {
                    case 0 -> Thread.sleep(1);
                    case 1 -> LockSupport.parkNanos(200_000);
                    case 2 -> Thread.ofVirtual().start(cycles::incrementAndGet).join();
                    default -> Thread.yield();
                }
                cycles.incrementAndGet();
            } catch (OutOfMemoryError e) { // the thread's own allocations fail too: it goes on
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}

package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every kind of timed park a virtual thread can make, each timing out after 5 ms, run by 20
 * virtual threads at once; plus a long timed park that another thread ends early. Prints
 * {@code timedOut=KIND:ELAPSED_NANOS:CARRIER} per wait, {@code early=...}, the scheduler's
 * {@code timersFired} over the run, and the names of the JDK's own timer threads if any started
 * ({@code jdkTimerThreads=}, empty when every timeout went through gmp).
 */
public final class TimedParksApp {
    private static final long TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    public static void main(String[] args) throws Exception {
        long firedBefore = Gmp.snapshot().totals().timersFired();
        List<Future<String>> results = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                results.add(executor.submit(() -> timed("sleep", () -> Thread.sleep(5))));
                results.add(executor.submit(() -> timed("parkNanos", () -> {
                    long deadline = System.nanoTime() + TIMEOUT_NANOS;
                    for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(left); // may return spuriously: park the rest
                    }
                })));
                results.add(executor.submit(() -> timed("objectWait", () -> {
                    Object monitor = new Object();
                    synchronized (monitor) {
                        long deadline = System.nanoTime() + TIMEOUT_NANOS;
                        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
                            monitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                        }
                    }
                })));
                results.add(executor.submit(() -> timed("conditionAwait", () -> {
                    ReentrantLock lock = new ReentrantLock();
                    Condition never = lock.newCondition();
                    lock.lock();
                    try {
                        long left = TIMEOUT_NANOS;
                        while (left > 0) {
                            left = never.awaitNanos(left);
                        }
                    } finally {
                        lock.unlock();
                    }
                })));
                results.add(executor.submit(() -> timed("queuePoll", () -> {
                    if (new ArrayBlockingQueue<String>(1).poll(5, TimeUnit.MILLISECONDS) != null) {
                        throw new AssertionError("an empty queue gave an element");
                    }
                })));
                results.add(executor.submit(() -> timed("latchAwait", () -> {
                    if (new CountDownLatch(1).await(5, TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("a latch nobody counts down opened");
                    }
                })));
            }
            for (Future<String> result : results) {
                System.out.println("timedOut=" + result.get());
            }
            System.out.println("early=" + parkEndedEarly());
        }
        System.out.println("timersFired=" + (Gmp.snapshot().totals().timersFired() - firedBefore));
        System.out.println("jdkTimerThreads=" + String.join(",", Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName).filter(name -> name.startsWith("VirtualThread-unparker")).toList()));
    }

    private interface Wait {
        void run() throws Exception;
    }

    private static String timed(String kind, Wait wait) throws Exception {
        long start = System.nanoTime();
        wait.run();
        return kind + ":" + (System.nanoTime() - start) + ":" + Carriers.current();
    }

    /**
     * A 60 s parkNanos that another virtual thread unparks once it is parked: returns the
     * nanoseconds it took, and its timer is cancelled (the JDK cancels it as the thread resumes).
     */
    private static long parkEndedEarly() throws Exception {
        long[] took = {0};
        Thread parked = Thread.ofVirtual().start(() -> {
            long start = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(60));
            took[0] = System.nanoTime() - start;
        });
        while (parked.getState() != Thread.State.TIMED_WAITING) {
            Thread.onSpinWait();
        }
        Thread.ofVirtual().start(() -> LockSupport.unpark(parked)).join();
        parked.join();
        return took[0];
    }
}

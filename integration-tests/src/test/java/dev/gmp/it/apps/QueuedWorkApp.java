package dev.gmp.it.apps;

import java.lang.reflect.Method;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Asks the JDK's {@code ForkJoinWorkerThread.hasKnownQueuedWork()} (what SynchronousQueue,
 * LinkedTransferQueue and Exchanger ask before they spin) from a virtual thread alone on its
 * carrier and again right after it woke a parked one; prints {@code alone=}, {@code queued=},
 * then {@code sum=} of a SynchronousQueue ping-pong between two virtual threads. Run with 1 P and
 * {@code --add-opens java.base/java.util.concurrent=ALL-UNNAMED}.
 */
public final class QueuedWorkApp {
    public static void main(String[] args) throws Exception {
        Method hasKnownQueuedWork = ForkJoinWorkerThread.class.getDeclaredMethod("hasKnownQueuedWork");
        hasKnownQueuedWork.setAccessible(true);
        boolean[] seen = new boolean[2];
        Thread.State[] sleeperAfterWake = new Thread.State[1];
        Thread sleeper = Thread.ofVirtual().start(LockSupport::park);
        while (sleeper.getState() != Thread.State.WAITING) {
            Thread.sleep(1);
        }
        String before = schedulerCounters();
        Thread.ofVirtual().start(() -> {
            try {
                seen[0] = (boolean) hasKnownQueuedWork.invoke(null);
                LockSupport.unpark(sleeper);
                seen[1] = (boolean) hasKnownQueuedWork.invoke(null);
                sleeperAfterWake[0] = sleeper.getState();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }).join();
        String after = schedulerCounters();
        System.out.println("alone=" + seen[0]);
        System.out.println("queued=" + seen[1]);
        // For a failure's report: whether the scheduler moved Ps or Gs around the wake-up.
        System.out.println("countersAroundWake=" + before + " -> " + after + ", the woken thread then " + sleeperAfterWake[0]);

        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        int rounds = 10_000;
        Thread echo = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < rounds; i++) {
                    pong.put(ping.take() + 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long sum = 0;
        for (int i = 0; i < rounds; i++) {
            ping.put(i);
            sum += pong.take();
        }
        echo.join();
        System.out.println("sum=" + sum);
    }

    /** gmp's syscall, handoff, retake and steal counts; "none" without the agent (the JDK's scheduler). */
    private static String schedulerCounters() {
        try {
            Class.forName("dev.gmp.Gmp");
        } catch (ClassNotFoundException e) {
            return "none";
        }
        return GmpCounters.now();
    }

    /** Loaded only when gmp is there. */
    private static final class GmpCounters {
        static String now() {
            dev.gmp.Snapshot.Totals t = dev.gmp.Gmp.snapshot().totals();
            return "syscalls " + t.syscalls() + " handoffs " + t.handoffs() + " retakes " + t.retakes() + " steals " + t.steals();
        }
    }
}

package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a blocking call in one goroutine while another counts and yields in a loop. With one P the
 * counter can move during the call only if the call released the P (a syscall handoff).
 */
final class BlockingCallProbe {
    private BlockingCallProbe() {}

    interface BlockingCall {
        long call() throws Throwable;
    }

    /** Prints {@code advancedDuringCall=N}, {@code syscalls=N} (counted during the call) and {@code result=N}. */
    static void run(BlockingCall blockingCall) throws InterruptedException {
        AtomicLong counter = new AtomicLong();
        AtomicBoolean done = new AtomicBoolean();
        Thread counting = Thread.startVirtualThread(() -> {
            while (!done.get()) {
                counter.incrementAndGet();
                Thread.yield();
            }
        });
        long[] outcome = new long[3];
        Throwable[] failure = new Throwable[1];
        Thread calling = Thread.startVirtualThread(() -> {
            try {
                while (counter.get() == 0) {
                    Thread.yield(); // let the counter start first
                }
                long syscallsBefore = Gmp.snapshot().totals().syscalls();
                long before = counter.get();
                outcome[2] = blockingCall.call();
                outcome[0] = counter.get() - before;
                outcome[1] = Gmp.snapshot().totals().syscalls() - syscallsBefore;
            } catch (Throwable t) {
                failure[0] = t;
            } finally {
                done.set(true);
            }
        });
        calling.join();
        counting.join();
        if (failure[0] != null) {
            throw new IllegalStateException("the blocking call failed", failure[0]);
        }
        System.out.println("advancedDuringCall=" + outcome[0]);
        System.out.println("syscalls=" + outcome[1]);
        System.out.println("result=" + outcome[2]);
    }
}

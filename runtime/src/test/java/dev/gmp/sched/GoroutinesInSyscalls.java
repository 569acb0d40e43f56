package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the scheduler start Ms: {@code n} goroutines are in system calls at once, each holding its
 * M ("in native code", so sysmon hands their Ps to other Ms), then all return and end.
 */
final class GoroutinesInSyscalls {
    private GoroutinesInSyscalls() {}

    /** Fails with {@code whenStuck} and the count when not all {@code n} reach their system call within 30 s. */
    static void holdAtOnceThenRelease(int n, String whenStuck) throws InterruptedException {
        AtomicInteger inSyscall = new AtomicInteger();
        AtomicBoolean release = new AtomicBoolean();
        Thread[] gs = new Thread[n];
        for (int i = 0; i < n; i++) {
            gs[i] = Gmp.go(() -> {
                Gmp.entersyscall();
                inSyscall.incrementAndGet();
                while (!release.get()) {
                    Thread.onSpinWait();
                }
                Gmp.exitsyscall();
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (inSyscall.get() < n) {
            assertTrue(System.nanoTime() < deadline, "only " + inSyscall.get() + " of " + n
                    + " goroutines reached their system call: " + whenStuck);
            Thread.sleep(5);
        }
        release.set(true);
        for (Thread g : gs) {
            assertTrue(g.join(Duration.ofSeconds(30)), g + " never finished");
        }
    }
}

package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Like {@link NativeSleepApp}, through the application's own JNI method {@link #sleepMillis}
 * (library: system property {@code gmp.it.jniLibrary}). Prints {@code advancedDuringCall=N},
 * {@code syscalls=N} and {@code slept=N} (the native's return value).
 */
public final class JniSleepApp {
    /** Implemented in C as {@code Java_dev_gmp_it_apps_JniSleepApp_sleepMillis}: usleep, then returns its argument. */
    static native int sleepMillis(int millis);

    private static final AtomicLong counter = new AtomicLong();
    private static volatile boolean done;

    public static void main(String[] args) throws Exception {
        System.load(System.getProperty("gmp.it.jniLibrary"));
        Thread counting = Thread.startVirtualThread(() -> {
            while (!done) {
                counter.incrementAndGet();
                Thread.yield();
            }
        });
        long[] result = new long[3];
        Thread sleeping = Thread.startVirtualThread(() -> {
            try {
                while (counter.get() == 0) {
                    Thread.yield();
                }
                long syscallsBefore = Gmp.snapshot().totals().syscalls();
                long before = counter.get();
                result[2] = sleepMillis(200);
                result[0] = counter.get() - before;
                result[1] = Gmp.snapshot().totals().syscalls() - syscallsBefore;
            } finally {
                done = true;
            }
        });
        sleeping.join();
        counting.join();
        System.out.println("advancedDuringCall=" + result[0]);
        System.out.println("syscalls=" + result[1]);
        System.out.println("slept=" + result[2]);
    }
}

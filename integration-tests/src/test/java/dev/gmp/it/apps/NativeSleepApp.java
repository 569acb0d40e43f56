package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One goroutine sleeps 200 ms in native code (FFM usleep), another counts. Prints
 * {@code advancedDuringCall=N}: how far the counter moved while the first was in the native call
 * (with one P, only a syscall handoff lets it move), and {@code syscalls=N} counted meanwhile.
 */
public final class NativeSleepApp {
    private static final AtomicLong counter = new AtomicLong();
    private static volatile boolean done;

    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle usleep = linker.downcallHandle(linker.defaultLookup().find("usleep").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        Thread counting = Thread.startVirtualThread(() -> {
            while (!done) {
                counter.incrementAndGet();
                Thread.yield();
            }
        });
        long[] result = new long[2];
        Thread sleeping = Thread.startVirtualThread(() -> {
            try {
                while (counter.get() == 0) {
                    Thread.yield(); // let the counter start first
                }
                long syscallsBefore = Gmp.snapshot().totals().syscalls();
                long before = counter.get();
                int rc = (int) usleep.invokeExact(200_000);
                result[0] = counter.get() - before;
                result[1] = Gmp.snapshot().totals().syscalls() - syscallsBefore;
                if (rc != 0) {
                    throw new IllegalStateException("usleep returned " + rc);
                }
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            } finally {
                done = true;
            }
        });
        sleeping.join();
        counting.join();
        System.out.println("advancedDuringCall=" + result[0]);
        System.out.println("syscalls=" + result[1]);
    }
}

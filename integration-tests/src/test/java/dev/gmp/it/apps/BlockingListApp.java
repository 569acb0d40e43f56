package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntUnaryOperator;

/**
 * A library method the JDK cannot know blocks ({@link Legacy#call}), named in {@code blocking=},
 * and its unnamed sibling. Prints {@code listed=N} and {@code unlisted=N}: syscalls counted
 * around three calls of each inside a goroutine.
 */
public final class BlockingListApp {
    /** Stands for a driver that blocks in ways the scheduler cannot see. */
    public static final class Legacy {
        static int call(int x) {
            return x + 1;
        }

        static int sibling(int x) {
            return x - 1;
        }
    }

    public static void main(String[] args) throws Exception {
        // Load Legacy first: loading a class reads its class file, which is file I/O and counts.
        Legacy.call(0);
        try (ExecutorService goroutines = Executors.newVirtualThreadPerTaskExecutor()) {
            System.out.println("listed=" + goroutines.submit(() -> syscallsOfThreeCalls(Legacy::call)).get());
            System.out.println("unlisted=" + goroutines.submit(() -> syscallsOfThreeCalls(Legacy::sibling)).get());
        }
    }

    private static long syscallsOfThreeCalls(IntUnaryOperator method) {
        long before = Gmp.snapshot().totals().syscalls();
        for (int i = 0; i < 3; i++) {
            method.applyAsInt(i);
        }
        return Gmp.snapshot().totals().syscalls() - before;
    }
}

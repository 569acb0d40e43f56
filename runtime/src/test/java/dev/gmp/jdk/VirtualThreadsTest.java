package dev.gmp.jdk;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ThreadFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * How gmp tells the JDK's own virtual threads from the application's: through the wrappers
 * java.util.concurrent puts around a task, without walking the stack (a walk per thread made a
 * million-task executor 25 times slower than on the JDK's scheduler).
 */
class VirtualThreadsTest {

    /** The task a thread-per-task executor hands its thread factory for {@code execute(task)}. */
    private static Runnable wrapperOf(Runnable task) {
        AtomicReference<Runnable> given = new AtomicReference<>();
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(r -> {
            given.set(r);
            return Thread.ofVirtual().unstarted(r);
        })) {
            executor.execute(task); // runs the no-op task; close() waits for it
        }
        return given.get();
    }

    @Test
    void aThreadPerTaskExecutorsWrapperIsSeenThrough() {
        Runnable task = () -> {};
        Runnable wrapper = wrapperOf(task);
        assertNotSame(task, wrapper, "the executor wraps the task");
        assertSame(task, VirtualThreads.unwrapped(wrapper));
        assertSame(task, VirtualThreads.unwrapped(task), "a bare task is its own");
    }

    @Test
    void anApplicationsTaskIsTheApplicationsBareOrWrapped() {
        Runnable task = () -> {};
        assertFalse(VirtualThreads.createdByTheJdk(task));
        assertFalse(VirtualThreads.createdByTheJdk(wrapperOf(task)));
    }

    /**
     * What gmp decides for each thread an executor over a recording factory creates while {@code use}
     * drives it: whether the JDK made it, and the stack walks that took (each decided at creation,
     * when the wrappers still hold the task: a FutureTask drops its callable once run).
     */
    private record Decided(List<Boolean> byTheJdk, long stackWalks) {}

    private static Decided decidedFor(Consumer<ExecutorService> use) {
        List<Boolean> decisions = new CopyOnWriteArrayList<>();
        long walksBefore = VirtualThreads.stackWalks();
        ThreadFactory deciding = r -> {
            decisions.add(VirtualThreads.createdByTheJdk(r));
            return Thread.ofVirtual().unstarted(r);
        };
        try (ExecutorService executor = Executors.newThreadPerTaskExecutor(deciding)) {
            use.accept(executor);
        }
        return new Decided(List.copyOf(decisions), VirtualThreads.stackWalks() - walksBefore);
    }

    @Test
    void everyWayOfHandingAnExecutorATaskIsTheApplicationsWithoutAStackWalk() {
        Runnable task = () -> {};
        Callable<String> call = () -> "done";
        Decided d = decidedFor(executor -> {
            executor.execute(task);
            executor.submit(task);
            executor.submit(task, "result");
            executor.submit(call);
            try {
                executor.invokeAll(List.of(call, call));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            CompletableFuture.runAsync(task, executor).join();
            CompletableFuture.supplyAsync(() -> "x", executor).join();
        });
        assertEquals(List.of(false, false, false, false, false, false, false, false), d.byTheJdk());
        assertEquals(0, d.stackWalks(), "each was decided by the task inside the wrappers");
    }

    @Test
    void aFutureTaskThatAlreadyRanIsDecidedByTheWalk() {
        FutureTask<String> ran = new FutureTask<>(() -> "done");
        ran.run(); // drops its callable
        assertSame(ran, VirtualThreads.unwrapped(ran), "nothing left inside to see");
        long walksBefore = VirtualThreads.stackWalks();
        assertFalse(VirtualThreads.createdByTheJdk(ran), "created here, by the application");
        assertEquals(1, VirtualThreads.stackWalks() - walksBefore);
    }

    @Test
    void anApplicationsFutureTaskSubclassIsNotLookedInto() {
        Callable<String> inner = () -> "done";
        FutureTask<String> own = new FutureTask<>(inner) {};
        assertSame(own, VirtualThreads.unwrapped(own));
        assertFalse(VirtualThreads.createdByTheJdk(own));
    }
}

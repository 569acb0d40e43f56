package dev.gmp.jdk;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** How gmp tells the JDK's own virtual threads from the application's, without walking the stack. */
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
}

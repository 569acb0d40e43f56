package dev.gmp.jdk;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Sees through the wrappers java.util.concurrent puts around an application's task before a thread
 * factory gets it, so that the class of the task inside tells whose thread it is without a stack
 * walk (see {@link VirtualThreads#createdByTheJdk}). A thread-per-task executor hands its factory a
 * {@code TaskRunner} for {@code execute}, and a {@code ThreadBoundFuture} (a {@code FutureTask})
 * holding an {@code Executors.callable} adapter for {@code submit(Runnable)}; a
 * {@code CompletableFuture.runAsync}/{@code supplyAsync} on such an executor adds its own task.
 *
 * <p>Reading the fields needs java.util.concurrent opened to gmp, which the agent does. A wrapper
 * whose field cannot be reached (library use without the open, another JDK) is simply not seen
 * through: the caller then walks the stack, as before.
 */
final class JdkTaskWrappers {
    private JdkTaskWrappers() {}

    /** Wrappers inside wrappers followed at most: submit(Runnable) is two deep, runAsync on submit three. */
    static final int MAX_DEPTH = 4;

    /**
     * A wrapper class and the field holding what it wraps. Each is a constant (a static final
     * field), so the JIT inlines its check and read: this runs for every virtual thread created.
     * Unresolved (not open to gmp, another JDK's layout), its type is {@link Unresolved}, which no
     * task is.
     */
    private record Wrapper(Class<?> type, VarHandle inner) {
        static Wrapper of(String className, String field, Class<?> fieldType) {
            try {
                Class<?> type = Class.forName(className);
                return new Wrapper(type, MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findVarHandle(type, field, fieldType));
            } catch (ReflectiveOperationException | RuntimeException e) {
                return new Wrapper(Unresolved.class, null); // this wrapper is not seen through
            }
        }
    }

    private static final class Unresolved {}

    private static final Wrapper TASK_RUNNER =
            Wrapper.of("java.util.concurrent.ThreadPerTaskExecutor$TaskRunner", "task", Runnable.class);
    /** Matched with its JDK subclasses (the executor's ThreadBoundFuture). */
    private static final Wrapper FUTURE_TASK =
            Wrapper.of("java.util.concurrent.FutureTask", "callable", Callable.class);
    private static final Wrapper RUNNABLE_ADAPTER =
            Wrapper.of("java.util.concurrent.Executors$RunnableAdapter", "task", Runnable.class);
    private static final Wrapper ASYNC_RUN =
            Wrapper.of("java.util.concurrent.CompletableFuture$AsyncRun", "fn", Runnable.class);
    private static final Wrapper ASYNC_SUPPLY =
            Wrapper.of("java.util.concurrent.CompletableFuture$AsyncSupply", "fn", Supplier.class);

    /**
     * The innermost task of {@code task}: followed through the known JDK wrappers while the object
     * in hand is the JDK's (an application's class, even a FutureTask subclass, is never looked
     * into), at most {@value #MAX_DEPTH} deep. {@code task} itself when it wraps nothing known, and
     * the last wrapper when what it holds is gone (a FutureTask drops its callable once run).
     */
    static Object innermost(Runnable task) {
        Object current = task;
        for (int depth = 0; depth < MAX_DEPTH && current.getClass().getClassLoader() == null; depth++) {
            Object inner = innerOf(current);
            if (inner == null) {
                break;
            }
            current = inner;
        }
        return current;
    }

    private static Object innerOf(Object task) {
        Class<?> c = task.getClass();
        if (c == TASK_RUNNER.type()) {
            return TASK_RUNNER.inner().get(task);
        }
        if (FUTURE_TASK.type().isAssignableFrom(c)) {
            return FUTURE_TASK.inner().get(task);
        }
        if (c == RUNNABLE_ADAPTER.type()) {
            return RUNNABLE_ADAPTER.inner().get(task);
        }
        if (c == ASYNC_RUN.type()) {
            return ASYNC_RUN.inner().get(task);
        }
        if (c == ASYNC_SUPPLY.type()) {
            return ASYNC_SUPPLY.inner().get(task);
        }
        return null;
    }
}

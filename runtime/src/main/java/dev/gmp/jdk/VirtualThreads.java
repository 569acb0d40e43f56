package dev.gmp.jdk;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.LongAdder;

/**
 * gmp's access to the JDK's virtual-thread internals (dev.gmp.jdk holds all of gmp's JDK-internal
 * access; {@link CarrierEventWriter} is the other part). JDK 25 has no public API for a custom virtual-thread
 * scheduler; the JDK's own tests use the package-private factory
 * {@code java.lang.ThreadBuilders.newVirtualThread(Executor, String, int, Runnable)}, and so does gmp.
 *
 * <p>Needs {@code java.lang} opened to gmp: {@code --add-opens java.base/java.lang=ALL-UNNAMED}, or
 * the gmp agent, which opens it itself. Without it, every call fails with {@link #unavailable()}'s
 * message; nothing fails at class-load time.
 */
public final class VirtualThreads {
    private VirtualThreads() {}

    /** Handles resolved once; {@code failure} is non-null when the JDK internals cannot be reached. */
    private static final class Access {
        static final MethodHandle NEW_VIRTUAL_THREAD;
        static final MethodHandle CURRENT_CARRIER;
        static final VarHandle RUN_CONTINUATION;
        static final VarHandle SCHEDULER;
        static final Executor DEFAULT_SCHEDULER;
        static final Class<?> VIRTUAL_THREAD;
        static final Throwable FAILURE;
        /** The JVM has no continuations (-XX:-VMContinuations): its virtual threads are platform threads. */
        static final boolean NO_CONTINUATIONS;

        static {
            MethodHandle newThread = null, carrier = null;
            VarHandle runContinuation = null, scheduler = null;
            Executor defaultScheduler = null;
            Class<?> virtualThread = null;
            Throwable failure = null;
            try {
                MethodHandles.Lookup self = MethodHandles.lookup();
                Class<?> builders = Class.forName("java.lang.ThreadBuilders");
                newThread = MethodHandles.privateLookupIn(builders, self).findStatic(builders, "newVirtualThread",
                        MethodType.methodType(Thread.class, Executor.class, String.class, int.class, Runnable.class));
                carrier = MethodHandles.privateLookupIn(Thread.class, self)
                        .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
                virtualThread = Class.forName("java.lang.VirtualThread");
                MethodHandles.Lookup inVirtualThread = MethodHandles.privateLookupIn(virtualThread, self);
                runContinuation = inVirtualThread.findVarHandle(virtualThread, "runContinuation", Runnable.class);
                scheduler = inVirtualThread.findVarHandle(virtualThread, "scheduler", Executor.class);
                defaultScheduler = (Executor) inVirtualThread.findStaticVarHandle(virtualThread, "DEFAULT_SCHEDULER",
                        ForkJoinPool.class).get();
            } catch (ReflectiveOperationException | RuntimeException e) {
                failure = e;
            }
            boolean noContinuations = false;
            if (failure == null) {
                // Without continuations the JDK refuses any scheduler but its own: ask once, with an
                // unstarted thread that is never seen again.
                try {
                    Thread unused = (Thread) newThread.invokeExact((Executor) task -> {}, (String) null, 0, (Runnable) () -> {});
                } catch (UnsupportedOperationException e) {
                    noContinuations = true;
                    failure = e;
                } catch (Throwable e) {
                    failure = e;
                }
            }
            NO_CONTINUATIONS = noContinuations;
            NEW_VIRTUAL_THREAD = newThread;
            CURRENT_CARRIER = carrier;
            RUN_CONTINUATION = runContinuation;
            SCHEDULER = scheduler;
            DEFAULT_SCHEDULER = defaultScheduler;
            VIRTUAL_THREAD = virtualThread;
            FAILURE = failure;
        }
    }

    /**
     * Throws the one clear message about what gmp lacks, when it cannot schedule virtual threads: an
     * {@link IllegalStateException} saying how to give it access to the JDK's internals, or an
     * {@link UnsupportedOperationException} when the JVM runs without continuations.
     */
    public static void ensureAvailable() {
        if (Access.FAILURE != null) {
            throw unavailable();
        }
    }

    private static RuntimeException unavailable() {
        if (Access.NO_CONTINUATIONS) {
            return new UnsupportedOperationException("gmp needs the JVM's continuations, and this JVM runs without them "
                    + "(started with -XX:-VMContinuations, or on a platform that lacks them): its virtual threads are "
                    + "platform threads, which only the JDK itself can start");
        }
        return new IllegalStateException("gmp cannot reach the JDK's virtual-thread scheduler hook ("
                + Access.FAILURE + "). Start the JVM with --add-opens java.base/java.lang=ALL-UNNAMED "
                + "(library use) or with -javaagent:gmp-agent.jar, which opens it for you.", Access.FAILURE);
    }

    /** Creates an unstarted virtual thread whose scheduler is {@code scheduler}. */
    public static Thread newThread(Executor scheduler, Runnable task) {
        ensureAvailable();
        try {
            return (Thread) Access.NEW_VIRTUAL_THREAD.invokeExact(scheduler, (String) null, 0, task);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The platform thread the caller runs on: itself for a platform thread, its carrier for a
     * mounted virtual thread. An intrinsic: as cheap as {@code Thread.currentThread()}.
     */
    public static Thread currentCarrierThread() {
        try {
            return (Thread) Access.CURRENT_CARRIER.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The task the JDK hands the scheduler each time {@code thread} becomes runnable. */
    public static Runnable runContinuation(Thread thread) {
        ensureAvailable();
        return (Runnable) Access.RUN_CONTINUATION.get(thread);
    }

    /** The scheduler of virtual thread {@code thread}: the executor its continuation is submitted to. */
    public static Executor scheduler(Thread thread) {
        ensureAvailable();
        return (Executor) Access.SCHEDULER.get(thread);
    }

    /** Whether {@code scheduler} is the JDK's default virtual-thread scheduler (its ForkJoinPool). */
    public static boolean isDefaultScheduler(Executor scheduler) {
        ensureAvailable();
        return scheduler == Access.DEFAULT_SCHEDULER;
    }

    /**
     * The JDK's default virtual-thread scheduler, when it is a ForkJoinPool (JDK 25's is), else
     * empty. It still runs the virtual threads an application started before the agent attached.
     */
    public static java.util.Optional<java.util.concurrent.ForkJoinPool> defaultScheduler() {
        ensureAvailable();
        return Access.DEFAULT_SCHEDULER instanceof java.util.concurrent.ForkJoinPool pool
                ? java.util.Optional.of(pool) : java.util.Optional.empty();
    }

    /**
     * Whether the virtual thread being created now, with {@code task}, is one the JDK starts for
     * itself (JDK 25's socket sub-pollers, which {@code sun.nio.ch.Poller} runs through a
     * thread-per-task executor over a {@code Thread.ofVirtual()} factory), rather than one of the
     * application's. Decided without a stack walk in the common cases, by the task inside the JDK's
     * wrappers ({@link JdkTaskWrappers}: a thread-per-task executor's {@code execute} and
     * {@code submit}, {@code CompletableFuture}'s async tasks), when java.util.concurrent is open to
     * gmp, as the agent makes it: a task whose class an application class loader defined is the
     * application's; one of a JDK-internal package of java.base ({@code sun.*},
     * {@code jdk.internal.*}) is the JDK's; any other JDK class seen inside a wrapper is the
     * application's. A bare task of another JDK class costs a walk of the few frames down to the
     * caller: the first frame below {@code ThreadBuilders.newVirtualThread} that is not the JDK's
     * thread-creating machinery decides, a JDK-internal one meaning the JDK's own thread. (The walk
     * costs microseconds: done for every {@code submit} it made a million-task executor 25 times
     * slower than on the JDK's own scheduler.)
     */
    public static boolean createdByTheJdk(Runnable task) {
        Object unwrapped = unwrapped(task);
        Class<?> c = unwrapped.getClass();
        if (c.getClassLoader() != null) {
            return false;
        }
        if (isJdkInternal(c)) {
            return true;
        }
        return unwrapped == task && createdByAJdkInternalCaller();
    }

    /** The task inside the JDK's wrappers around {@code task}, or {@code task} itself. */
    static Object unwrapped(Runnable task) {
        return JdkTaskWrappers.innermost(task);
    }

    /** Stack walks {@link #createdByTheJdk} has made: how tests see that a case is decided without one. */
    static long stackWalks() {
        return STACK_WALKS.sum();
    }

    private static final LongAdder STACK_WALKS = new LongAdder();

    private static boolean createdByAJdkInternalCaller() {
        STACK_WALKS.increment();
        return CREATOR_WALKER.walk(frames -> frames
                .dropWhile(frame -> !isNewVirtualThread(frame))
                .dropWhile(frame -> isThreadCreatingMachinery(frame.getDeclaringClass()))
                .findFirst()
                .map(frame -> isJdkInternal(frame.getDeclaringClass()))
                .orElse(false));
    }

    private static final StackWalker CREATOR_WALKER =
            StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static boolean isNewVirtualThread(StackWalker.StackFrame frame) {
        return frame.getClassName().equals("java.lang.ThreadBuilders") && frame.getMethodName().equals("newVirtualThread");
    }

    private static boolean isThreadCreatingMachinery(Class<?> c) {
        String pkg = c.getPackageName();
        return pkg.equals("java.lang") || pkg.equals("java.util") || pkg.startsWith("java.util.");
    }

    private static boolean isJdkInternal(Class<?> c) {
        String pkg = c.getPackageName();
        return c.getModule() == Object.class.getModule() && (pkg.startsWith("sun.") || pkg.startsWith("jdk.internal."));
    }

    /**
     * Finishes, as a spurious wake-up, a park or yield that the JDK left halfway: called by the
     * carrier after {@code thread}'s continuation yielded and the JDK's code that completes the
     * transition on the carrier ({@code VirtualThread.afterYield}) threw. That code allocates when it
     * arms a timed park's timeout (a lambda, then the scheduler's timer), so an OutOfMemoryError
     * there leaves the thread in a state nothing ever leaves: an unpark only sets the permit, and
     * the thread is in no queue (on the JDK's own scheduler such a thread is lost). Returns true
     * when it made the thread runnable; the caller must then submit it.
     */
    /**
     * Loads and links the repairs below. Sysmon calls this as it starts: the repairs run in
     * catch blocks, often when the heap is exhausted, where a class's first use (its loading, the
     * reflection in its initialiser) would fail and leave it unusable for good.
     */
    public static void prepareRepairs() {
        Thread unstarted = newThread(task -> {
            throw new IllegalStateException("a thread that only prepares gmp's repairs was started");
        }, () -> {});
        scheduler(unstarted); // the handles stackTrace's repair uses
        runContinuation(unstarted);
        VirtualThreadStates.prepare(unstarted);
    }

    public static boolean wakeAfterFailedYield(Thread thread) {
        return VirtualThreadStates.wakeAfterFailedYield(thread);
    }

    /**
     * {@code thread.getStackTrace()}, for every walk gmp makes of a goroutine's stack (warnings,
     * dumps, the goroutine table, JFR). When the walk throws (an exhausted heap), a virtual thread
     * that was woken while the JDK held it suspended for the walk is submitted before the error
     * goes on: the JDK itself would leave it parked for good (see VirtualThreadStates).
     */
    public static StackTraceElement[] stackTrace(Thread thread) {
        try {
            return thread.getStackTrace();
        } catch (Throwable t) {
            if (VirtualThreadStates.runnableAfterFailedStackWalk(thread)) {
                scheduler(thread).execute(runContinuation(thread)); // as the JDK's own submit: no allocation in gmp's
            }
            throw t;
        }
    }

    /**
     * The virtual thread a runContinuation task belongs to. The task is the JDK's method reference
     * {@code this::runContinuation}: a lambda whose one captured field is the thread. Used only for
     * virtual threads that inherited a G's executor from their creator (rare, see G).
     */
    public static Thread threadOf(Runnable runContinuation) {
        ensureAvailable();
        try {
            for (Field field : runContinuation.getClass().getDeclaredFields()) {
                if (Access.VIRTUAL_THREAD.isAssignableFrom(field.getType())) {
                    field.setAccessible(true);
                    return (Thread) field.get(runContinuation);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("gmp cannot identify the virtual thread of task "
                    + runContinuation.getClass().getName(), e);
        }
        throw new IllegalStateException("gmp was handed a task that is not a virtual thread's continuation: "
                + runContinuation.getClass().getName());
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}

package dev.gmp.agent.boot;

import dev.gmp.Gmp;
import dev.gmp.Snapshot;
import dev.gmp.jdk.VirtualThreads;
import dev.gmp.sched.G;
import dev.gmp.sched.M;
import dev.gmp.sched.Sched;
import dev.gmp.sched.SnapshotBuilder;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * The only class that advice inlined into JDK and application classes calls (BlockHound's
 * bootstrap bridge). It is loaded by the bootstrap class loader from the agent's boot jar, next to
 * the one copy of the runtime, so code in {@code java.base} can link to it; its methods take and
 * return JDK types only, so that linking never needs a gmp type.
 *
 * <p>Every method is called from inside JDK or application code that must not fail because of
 * gmp: none throws, but {@link #setVirtualThreadParallelism}, which answers a caller's own request
 * as the JDK's scheduler bean would (a size out of range, or a change that could not be made). A
 * redirect failure switches redirection off for good (new virtual threads go back to the JDK's
 * scheduler); a failed syscall bracket leaves that one call unbracketed. Each kind of failure
 * prints one line, once.
 */
public final class GmpBridge {
    private GmpBridge() {}

    /**
     * Whether new virtual threads without an explicit scheduler get a G. Written by the agent
     * (after the scheduler is up) and by {@link #disableRedirect}; volatile so advice running on
     * any thread sees the switch without further synchronization.
     */
    private static volatile boolean redirect;

    /** One line per kind of failure, however often it recurs. */
    private static final AtomicBoolean redirectFailureReported = new AtomicBoolean();
    private static final AtomicBoolean hookFailureReported = new AtomicBoolean();
    private static final AtomicBoolean timerFailureReported = new AtomicBoolean();

    private static final AtomicBoolean installed = new AtomicBoolean();

    /**
     * True for the first agent start in this JVM (premain or attach), false for any later one. Held
     * here, in the one bootstrap copy, so it holds even across two differently located agent jars.
     */
    public static boolean claimInstall() {
        return installed.compareAndSet(false, true);
    }

    // ---- redirect: java.lang.ThreadBuilders.newVirtualThread ------------------------------------

    /** Called by the agent once the scheduler is running and the redirect advice may act. */
    public static void enableRedirect() {
        redirect = true;
    }

    /** Sends new virtual threads back to the JDK's scheduler; says why, once. */
    public static void disableRedirect(String why) {
        redirect = false;
        if (redirectFailureReported.compareAndSet(false, true)) {
            System.err.println("gmp: " + why + "; new virtual threads run on the JDK's default scheduler");
        }
    }

    /**
     * The scheduler for a virtual thread being created without one (with {@code task}): a fresh G
     * (which is the thread's {@link Executor}), or null to leave the JDK's choice alone.
     *
     * <p>The JDK's choice stands when the creator is a virtual thread on a custom scheduler, neither
     * gmp's nor the JDK's default: the JDK gives the child its parent's scheduler, and so does gmp.
     * A thread the JDK starts for itself (its socket sub-pollers) gets a G marked system
     * ({@link G#markSystem}), like Go's runtime goroutines.
     */
    public static Executor schedulerForNewVirtualThread(Runnable task) {
        if (!redirect) {
            return null;
        }
        try {
            if (creatorRunsOnACustomScheduler()) {
                return null;
            }
            Sched sched = Sched.get();
            sched.checkPreempt(); // creating a thread is a safe point, as Sched#go says
            G g = sched.newG();
            if (VirtualThreads.createdByTheJdk(task)) {
                g.markSystem();
            }
            return g;
        } catch (OutOfMemoryError noHeap) {
            // The creation fails as the JDK's own would when the heap cannot hold a thread; gmp
            // stays on for the threads created once there is room again.
            throw noHeap;
        } catch (Throwable t) {
            disableRedirect("cannot create a goroutine (" + t + ")");
            return null;
        }
    }

    /** True when the caller is a virtual thread whose scheduler is neither a G nor the JDK's default. */
    private static boolean creatorRunsOnACustomScheduler() {
        Thread creator = Thread.currentThread();
        if (!creator.isVirtual() || VirtualThreads.currentCarrierThread() instanceof M) {
            return false; // a platform thread, or a G (the common case: no field read)
        }
        Executor scheduler = VirtualThreads.scheduler(creator);
        return !(scheduler instanceof G) && !VirtualThreads.isDefaultScheduler(scheduler);
    }

    /**
     * Binds the G returned by {@link #schedulerForNewVirtualThread} to the thread just created for
     * it, before anyone can start that thread.
     */
    public static void bindNewVirtualThread(Executor g, Thread thread) {
        try {
            Sched.get().register((G) g, thread);
        } catch (OutOfMemoryError noHeap) {
            // The thread still runs: its G sees an unknown continuation and adopts it as foreign.
        } catch (Throwable t) {
            disableRedirect("cannot register a goroutine (" + t + ")"); // as above, and for good
        }
    }

    // ---- hand-offs: the JDK's blocking queues ask whether to spin ---------------------------------

    /** {@link Sched#carrierHasQueuedWork()}; false when anything goes wrong (the JDK then spins as it would). */
    public static boolean carrierHasQueuedWork() {
        try {
            return Sched.carrierHasQueuedWork();
        } catch (Throwable t) {
            reportHookFailure(t);
            return false;
        }
    }

    // ---- timers: java.lang.VirtualThread.schedule --------------------------------------------------

    /**
     * The timeout of a goroutine's timed park or wait, as a timer of the scheduler (see
     * {@code PTimers}): returns the timer for the JDK to cancel, or null to leave the timeout to
     * the JDK (the thread is not a goroutine, or the timer could not be made; said once).
     */
    public static Future<?> scheduleTimer(Executor scheduler, Runnable task, long delay, TimeUnit unit) {
        if (!(scheduler instanceof G)) {
            return null;
        }
        try {
            return Sched.get().startTimer(task, unit.toNanos(delay), 0);
        } catch (OutOfMemoryError noHeap) {
            // Not said, and not for good: the JDK's queue may still find room for this one; if it
            // cannot either, gmp resumes the G early (see M#execute).
            return null;
        } catch (Throwable t) {
            if (timerFailureReported.compareAndSet(false, true)) {
                System.err.println("gmp: cannot arm a scheduler timer (" + t + "); timed parks use the JDK's timer threads");
            }
            return null;
        }
    }

    // ---- syscalls: blocking natives, Blocker, downcalls, the blocking= list --------------------

    /**
     * Enters a syscall when the caller is a goroutine. Returns whether it did: the caller must
     * then call {@link #exitSyscall()} exactly once, on every path (the runtime counts nesting, so
     * a blocking call inside another one is one syscall).
     */
    public static boolean enterSyscall() {
        try {
            Sched s = Sched.getIfStarted();
            if (s == null || s.currentG() == null) {
                return false;
            }
            s.entersyscall();
            return true;
        } catch (Throwable t) {
            reportHookFailure(t);
            return false;
        }
    }

    /** Ends a syscall entered by {@link #enterSyscall()} (which returned true). */
    public static void exitSyscall() {
        try {
            Sched s = Sched.getIfStarted();
            if (s != null) {
                s.exitsyscall();
            }
        } catch (Throwable t) {
            reportHookFailure(t);
        }
    }

    /**
     * For {@code Blocker.end(true)}: on a gmp M the true can only be the one the Blocker advice
     * returned from begin() for a goroutine (the JDK's begin() returns false there), so this ends
     * that syscall and returns true. On the JDK's own carriers it returns false and does nothing.
     */
    public static boolean exitSyscallOnGmpCarrier() {
        try {
            if (!(VirtualThreads.currentCarrierThread() instanceof M)) {
                return false;
            }
        } catch (Throwable t) {
            reportHookFailure(t);
            return false;
        }
        exitSyscall();
        return true;
    }

    /** Says once that a hook failed. Throws nothing: it runs inside the JDK's methods. */
    private static void reportHookFailure(Throwable t) {
        if (t instanceof OutOfMemoryError) {
            return; // the hook's work is lost this once, not for good: nothing to warn about for good
        }
        if (hookFailureReported.compareAndSet(false, true)) {
            try {
                System.err.println("gmp: a scheduler hook failed (" + t + "); blocking calls may hold their P");
            } catch (Throwable noHeap) { // the warning is lost, the hook's caller goes on
            }
        }
    }

    // ---- FFM downcall handles ------------------------------------------------------------------

    /**
     * Handles for the downcall wrapper, resolved on first use: GmpBridge's own initialization
     * must not be able to fail, since every advice links to it.
     */
    private static final class Downcalls {
        static final MethodHandle ENTER;
        static final MethodHandle EXIT_IF_ENTERED;
        static final Class<?> CRITICAL_OPTION = Linker.Option.critical(false).getClass();

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                ENTER = lookup.findStatic(GmpBridge.class, "enterSyscall", MethodType.methodType(boolean.class));
                EXIT_IF_ENTERED = lookup.findStatic(GmpBridge.class, "exitSyscallIfEntered",
                        MethodType.methodType(void.class, boolean.class));
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private static void exitSyscallIfEntered(boolean entered) {
        if (entered) {
            exitSyscall();
        }
    }

    /**
     * Wraps a downcall method handle so that a goroutine calling it is in a syscall for the
     * duration of the native call, unless {@code linkArgs} (the arguments {@code downcallHandle}
     * was called with; the last is its {@code Linker.Option[]}) ask for a critical call. The result
     * has exactly the type of {@code downcall}. Returns {@code downcall} unchanged when wrapping fails.
     *
     * <p>Shape: {@code enter -> tryFinally(downcall, exit)}, with enter's boolean threaded into the
     * cleanup as an extra leading argument, so no thread-local state pairs the two.
     */
    public static MethodHandle wrapDowncall(MethodHandle downcall, Object[] linkArgs) {
        try {
            if (isCritical(linkArgs)) {
                return downcall;
            }
            Class<?> result = downcall.type().returnType();
            // (boolean entered, args...) -> result
            MethodHandle body = MethodHandles.dropArguments(downcall, 0, boolean.class);
            // cleanup: (Throwable, [result,] boolean entered) -> result
            MethodHandle cleanup;
            if (result == void.class) {
                cleanup = MethodHandles.dropArguments(Downcalls.EXIT_IF_ENTERED, 0, Throwable.class);
            } else {
                MethodHandle passResult = MethodHandles.dropArguments(
                        MethodHandles.identity(result), 1, boolean.class); // (result, boolean) -> result
                MethodHandle exitThenPass = MethodHandles.foldArguments(passResult,
                        MethodHandles.dropArguments(Downcalls.EXIT_IF_ENTERED, 0, result));
                cleanup = MethodHandles.dropArguments(exitThenPass, 0, Throwable.class);
            }
            MethodHandle guarded = MethodHandles.tryFinally(body, cleanup);
            // enter's result becomes the leading boolean argument
            return MethodHandles.foldArguments(guarded, Downcalls.ENTER);
        } catch (Throwable t) {
            reportHookFailure(t);
            return downcall;
        }
    }

    private static boolean isCritical(Object[] linkArgs) {
        if (linkArgs.length > 0 && linkArgs[linkArgs.length - 1] instanceof Linker.Option[] options) {
            for (Linker.Option option : options) {
                if (Downcalls.CRITICAL_OPTION.isInstance(option)) {
                    return true;
                }
            }
        }
        return false;
    }

    // ---- the JDK's VirtualThreadSchedulerMXBean ---------------------------------------------------

    /**
     * The most Ps the bean may ask for: the JDK's documented maximum for its own scheduler
     * (ForkJoinPool's 32767), so a value the JDK accepts is accepted here and a larger one is
     * refused the same way.
     */
    static final int MAX_PARALLELISM = 0x7fff;

    /**
     * Whether the bean should describe gmp rather than the JDK's idle ForkJoinPool: true once the
     * scheduler runs and new virtual threads go to it. False on any failure (the JDK's answer stands).
     */
    public static boolean schedulesVirtualThreads() {
        try {
            return redirect && Sched.getIfStarted() != null;
        } catch (Throwable t) {
            reportHookFailure(t);
            return false;
        }
    }

    /** GOMAXPROCS, the bean's target parallelism. */
    public static int virtualThreadParallelism() {
        return Gmp.gomaxprocs();
    }

    /**
     * Sets GOMAXPROCS, as {@code runtime.GOMAXPROCS(size)} would. A size the JDK's scheduler would
     * refuse throws IllegalArgumentException, as the bean's contract says; any other failure
     * propagates too, since the caller asked for a change and must not be told it happened.
     */
    public static void setVirtualThreadParallelism(int size) {
        if (size < 1 || size > MAX_PARALLELISM) {
            throw new IllegalArgumentException("the virtual thread scheduler's parallelism (GOMAXPROCS under gmp)"
                    + " must be between 1 and " + MAX_PARALLELISM + ", got " + size);
        }
        Gmp.gomaxprocs(size);
    }

    /** The Ms alive (carrying a G, spinning, idle or in a syscall) and the JDK pool's threads; -1 when unknown. */
    public static int virtualThreadPoolSize() {
        return (int) withTheJdksPool(s -> s.machines().size(), ForkJoinPool::getPoolSize);
    }

    /** The Ms carrying a G now, in a syscall or not, and the JDK pool's active threads; -1 when unknown. */
    public static int mountedVirtualThreadCount() {
        return (int) withTheJdksPool(s -> s.goroutines().running() + s.goroutines().syscall(),
                ForkJoinPool::getActiveThreadCount);
    }

    /**
     * The Gs waiting for a P (the global queue, every P's ring and runnext slot) and the JDK pool's
     * queued tasks; -1 when unknown.
     */
    public static long queuedVirtualThreadCount() {
        return withTheJdksPool(s -> s.globalRunqueue()
                        + s.procs().stream().mapToLong(p -> p.runqueue() + (p.runnext() >= 0 ? 1 : 0)).sum(),
                pool -> pool.getQueuedTaskCount() + pool.getQueuedSubmissionCount());
    }

    /**
     * A count of gmp's plus the same count of the JDK's own pool: after an attach that pool still
     * carries the virtual threads started before; with the agent from the start it has no worker
     * and adds nothing. -1 when either cannot be read (said once).
     */
    private static long withTheJdksPool(ToLongFunction<Snapshot> gmp, ToLongFunction<ForkJoinPool> jdk) {
        try {
            return gmp.applyAsLong(schedulerSnapshot()) + VirtualThreads.defaultScheduler().stream().mapToLong(jdk).sum();
        } catch (Throwable t) {
            reportHookFailure(t);
            return -1;
        }
    }

    /**
     * What {@code jcmd PID Thread.vthread_scheduler} prints under gmp: Go's scheddetail report (the
     * schedtrace line, a line per P and per M) under a line naming the scheduler, then the JDK's own
     * pool, which still runs the virtual threads started before an attach. Null when the JDK's own
     * report should stand: gmp does not run the virtual threads, or cannot be asked.
     */
    public static byte[] jcmdSchedulerReport() {
        if (!schedulesVirtualThreads()) {
            return null;
        }
        try {
            String nl = System.lineSeparator();
            StringBuilder report = new StringBuilder("gmp, Go's G-M-P scheduler: new virtual threads run here").append(nl)
                    .append(Gmp.scheddetail().replace("\n", nl));
            VirtualThreads.defaultScheduler().ifPresent(pool -> report
                    .append("the JDK's scheduler, for virtual threads started before the agent: ").append(pool).append(nl));
            return report.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } catch (Throwable t) {
            reportHookFailure(t);
            return null;
        }
    }

    /** The counts the bean asks for, without {@link Gmp#snapshot()}'s deadlock check. */
    private static Snapshot schedulerSnapshot() {
        Sched s = Sched.getIfStarted();
        if (s == null) {
            throw new IllegalStateException("the scheduler is not running");
        }
        return SnapshotBuilder.take(s, "");
    }

    // ---- preemption points ---------------------------------------------------------------------

    /** Inserted at loop back-edges of application classes by {@code preempt=on}. */
    public static void checkPreempt() {
        try {
            Gmp.checkPreempt();
        } catch (Throwable t) {
            reportHookFailure(t);
        }
    }
}

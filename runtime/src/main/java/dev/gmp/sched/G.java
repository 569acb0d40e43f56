package dev.gmp.sched;

import dev.gmp.jdk.VirtualThreads;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;

/**
 * A goroutine: one virtual thread whose scheduler is gmp.
 *
 * <p>Each G is its own thread's {@link Executor}: the JDK calls {@link #execute} with the thread's
 * runContinuation task on start, on every unpark and after every yield, so the scheduler learns
 * which G became runnable without a lookup. A virtual thread created inside a G without the agent
 * inherits its creator's executor (JDK rule); such a "foreign" task is detected by identity and
 * given a G of its own ({@link Sched#readyForeign}).
 */
public final class G implements Executor {
    final Sched sched;
    /** Go's goid: unique and never reused; increasing per P (Ps take them in batches, as in Go). */
    public final long goid;

    /** Set once by {@link #bind} before the thread starts; read-only afterwards. */
    private Thread thread;
    private Runnable runContinuation;

    /** Set on the thread's first submission (its start); the G is registered as live then. */
    private boolean started;
    /** Set by the G itself in Gmp.gosched just before yielding; consumed by {@link Sched#ready}. */
    boolean goschedToGlobal;
    /** Set by the G itself in Sched.checkPreempt just before yielding: its M records the slice as preempted. */
    boolean preempted;
    /**
     * Nesting depth of entersyscall; the outermost pair acts. The G's, not the M's: a G may park
     * inside a bracketed call and leave it on another M. Written only by the G itself.
     */
    int syscallDepth;
    /** The JFR Syscall event of the current syscall, when a recording wants it; the G's own. */
    dev.gmp.jfr.SyscallEvent syscallEvent;
    /** Slices run so far; written by the M running the G (runs are ordered by the queue handoffs). */
    int runs;
    /**
     * Sampling for the latency and slice histograms (Go's trackingSeq): {@link Sched#ready} counts the
     * G's transitions to runnable and marks every TRACKING_PERIOD-th one tracked, stamping when it
     * became runnable. Written while the G is not running; the queue handoff orders the writes before
     * the reads of the M that mounts it. The sequence starts at a value spread by goid, as Go starts
     * it at random: a program that spawns many short Gs must not time every one's first slice.
     */
    int trackingSeq;
    boolean tracked;
    long readyNanos;
    /** When the G was registered live, to within sysmon's tick (Sysmon#coarseNanos): its age in the goroutine table. */
    long startNanos;
    /**
     * The sampled (tracked) slices' time runnable and time running, summed; the goroutine table scales
     * them by TRACKING_PERIOD. Plain writes by the M running the G; a running-time write after the
     * slice can race with the G's next slice on another M and lose one sample, never more.
     */
    long sampledRunnableNanos;
    long sampledRunningNanos;
    /** A GoPark JFR event begun when the G parked, committed when it next runs; null when not recording. */
    dev.gmp.jfr.GoParkEvent parkEvent;

    /**
     * A system goroutine (Go's isSystemGoroutine): one the JDK started for itself, such as a socket
     * sub-poller. Set once, before the G is registered; read by {@link AllGs} under its stripe lock.
     */
    private boolean system;
    /**
     * A G made for a virtual thread that inherited another G's executor (Sched#readyForeign), so
     * kept in the scheduler's foreign map until it exits. Set once, before the G is first queued.
     */
    boolean foreign;

    /** Set once when the M that ran the G last sees it terminated (see M#execute). */
    private volatile boolean exited;

    /** Next G in the global run queue (Go's g.schedlink); guarded by the scheduler lock. */
    G schedLink;
    /** Next G on the global queue's injection stack; written by the injector, then by the adopter. */
    G injectLink;
    /** How many Gs that stack held with this one on top, for its size; written by the injector. */
    int injectDepth;
    /** True while the G is on that stack (claimed by CAS: it is pushed at most once at a time). */
    private volatile boolean injected;

    boolean claimInjection() {
        return !injected && INJECTED.compareAndSet(this, false, true);
    }

    void releaseInjection() {
        injected = false;
    }

    /** Links in {@link AllGs}; guarded by that registry's stripe lock. */
    G allPrev, allNext;

    G(Sched sched, long goid) {
        this.sched = sched;
        this.goid = goid;
        this.trackingSeq = initialTrackingSeq(goid);
    }

    private static int initialTrackingSeq(long goid) {
        return (int) (goid * 0x9E3779B97F4A7C15L >>> 40); // Fibonacci hashing: consecutive goids spread
    }

    /** Transitions to runnable so far (its start and every wake-up or yield): what trackingSeq counted. */
    int readies() {
        return trackingSeq - initialTrackingSeq(goid);
    }

    /** Ties this G to its (unstarted) virtual thread. Called once, before start. */
    void bind(Thread thread) {
        this.thread = thread;
        this.runContinuation = VirtualThreads.runContinuation(thread);
    }

    /**
     * Marks this not yet registered G as a system goroutine: it is left out of
     * {@link Sched#liveGoroutines()} (so of numGoroutine and the deadlock rule) and of goroutine
     * dumps unless they ask for system goroutines.
     */
    public void markSystem() {
        system = true;
    }

    public boolean isSystem() {
        return system;
    }

    public Thread thread() {
        return thread;
    }

    Runnable runContinuation() {
        return runContinuation;
    }

    /** Called by the JDK whenever this G's virtual thread (or a foreign one) becomes runnable. */
    @Override
    public void execute(Runnable task) {
        if (task == runContinuation) {
            if (!started) {
                // Thread.start's submission, on the starting thread, before the G can run anywhere:
                // later submissions happen after it ran, ordered by the run queues.
                started = true;
                sched.started(this);
            }
            sched.ready(this);
        } else {
            sched.readyForeign(task);
        }
    }

    /** True exactly once: for the caller that first observes the G's thread terminated. */
    boolean markExited() {
        // Two Ms can both see the thread terminated: the one that ran its last slice, and the one
        // that ran an earlier slice and was still returning when the G was readied elsewhere.
        return !exited && EXITED.compareAndSet(this, false, true);
    }

    private static final VarHandle EXITED, INJECTED;

    static {
        try {
            EXITED = MethodHandles.lookup().findVarHandle(G.class, "exited", boolean.class);
            INJECTED = MethodHandles.lookup().findVarHandle(G.class, "injected", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "goroutine " + goid;
    }
}

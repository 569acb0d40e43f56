package dev.gmp.sched;

import dev.gmp.jdk.VirtualThreads;
import dev.gmp.jfr.GoParkEvent;
import dev.gmp.jfr.SyscallEvent;
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
    /*
     * Memory: a parked G is most of what gmp adds to a parked virtual thread, so its fields are kept
     * to 80 bytes (12-byte header, compressed oops): set-once and CAS-claimed flags share one byte,
     * the start time is a 32-bit tick count, JFR's open events live in a side object made only while
     * recording, and what the thread or the singleton scheduler already knows is not copied here.
     */

    /** Go's goid: unique and never reused; increasing per P (Ps take them in batches, as in Go). */
    public final long goid;

    /** Set once by {@link #bind} before the thread starts; read-only afterwards. */
    private Thread thread;

    /**
     * Flags in one byte. STARTED, SYSTEM and FOREIGN are set once with plain writes before the G is
     * published (see their setters) and never change afterwards; from then on the byte changes only
     * by atomic read-modify-writes ({@link #FLAGS}, full fences): EXITED once, OVERFLOWED claimed
     * and released. So no plain write can race with an atomic one and lose its bit.
     */
    private byte flags;
    /** Set on the thread's first submission (its start); the G is registered as live then. */
    private static final byte STARTED = 1;
    /** A system goroutine: see {@link #markSystem}. */
    private static final byte SYSTEM = 1 << 1;
    /**
     * A G made for a virtual thread that inherited another G's executor (Sched#readyForeign), so
     * kept in the scheduler's foreign map until it exits.
     */
    private static final byte FOREIGN = 1 << 2;
    /** Set once when the M that ran the G last sees it terminated (see M#execute). */
    private static final byte EXITED = 1 << 3;
    /** While the G is on the global queue's overflow stack (see GlobalRunQueue): on it at most once. */
    private static final byte OVERFLOWED = 1 << 4;

    /**
     * Why the G is yielding: set by the G itself just before it yields and cleared by it when the
     * yield returns (it may not have happened: a pinned thread cannot yield); written only by the
     * G. {@link Sched#ready} reads YIELD_TO_GLOBAL on the yield path (the G is not running then);
     * the M that ran the slice reads YIELD_PREEMPTED for its flight record after the slice, and may
     * miss it when the G already resumed elsewhere and cleared it (the slice is then recorded as a
     * plain yield).
     */
    byte yieldFlags;
    /** Set in Gmp.gosched: the yield goes behind the global queue (Go's Gosched). */
    static final byte YIELD_TO_GLOBAL = 1;
    /** Set in Sched.checkPreempt (with YIELD_TO_GLOBAL): its M records the slice as preempted. */
    static final byte YIELD_PREEMPTED = 1 << 1;

    /**
     * Nesting depth of entersyscall; the outermost pair acts. The G's, not the M's: a G may park
     * inside a bracketed call and leave it on another M. Written only by the G itself (and by the M
     * that sees it ended inside a call). A short: each level holds at least one frame of the G's
     * stack, which overflows long before 32767 levels; Syscalls checks the bound all the same.
     */
    short syscallDepth;
    /** Slices run so far; written by the M running the G (runs are ordered by the queue handoffs). */
    int runs;
    /**
     * Sampling for the latency and slice histograms (Go's trackingSeq): {@link Sched#ready} counts the
     * G's transitions to runnable and times every TRACKING_PERIOD-th one ({@link #tracked}), stamping
     * when it became runnable. Written while the G is not running; the queue handoff orders the writes
     * before the reads of the M that mounts it. The sequence starts at a value spread by goid, as Go
     * starts it at random: a program that spawns many short Gs must not time every one's first slice.
     */
    int trackingSeq;
    long readyNanos;
    /**
     * When the G was registered live, to within sysmon's tick (Sysmon#coarseNanos), in ticks of
     * 2^START_TICK_SHIFT ns (16.8 ms), modulo 2^32 (see {@link #ageNanos}). Written once, by the starting thread.
     */
    private int startTicks;
    /**
     * The sampled (tracked) slices' time runnable and time running, summed; the goroutine table scales
     * them by TRACKING_PERIOD. Plain writes by the M running the G; a running-time write after the
     * slice can race with the G's next slice on another M and lose one sample, never more.
     */
    long sampledRunnableNanos;
    long sampledRunningNanos;

    /**
     * The JFR events this G has open: null until a recording first wants one for this G, then
     * installed once by CAS and kept (the fields in it follow the owner rules of {@link GoroutineEvents}).
     * Readers use a plain read: one that misses a just-installed object sees no open event, as a
     * racing read of the event itself could.
     */
    private GoroutineEvents events;

    /**
     * The record gmp's channels keep for this G's blocking operations (their waiter, Go's sudog),
     * made at the G's first one and reused by every later one, so that a blocking channel operation
     * allocates nothing. Only the G itself reads or writes it (one operation at a time).
     */
    private Object chanWaiter;

    /** Next G on the global queue's overflow stack (used only when a chunk could not be allocated). */
    G overflowLink;

    boolean claimOverflow() {
        return setFlagOnce(OVERFLOWED);
    }

    /** Takes the G off the overflow stack: a full fence, so the taker's writes to it come first. */
    void releaseOverflow() {
        FLAGS.getAndBitwiseAnd(this, (byte) ~OVERFLOWED);
    }

    /** The G's slot in its {@link AllGs} stripe plus one (0: not registered); guarded by that stripe's lock. */
    int allSlot;

    G(long goid) {
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

    /**
     * Whether the G's latest transition to runnable was timed: Sched#ready times sequence number
     * {@code seq} when {@code seq % TRACKING_PERIOD == 0}, then counts it, so the count read here is
     * one past it. Read by the M that mounts the G, ordered after ready's writes as trackingSeq is.
     */
    boolean tracked() {
        return SchedStats.ENABLED && ((trackingSeq - 1) & (Sched.TRACKING_PERIOD - 1)) == 0 && readyNanos != NOT_TIMED;
    }

    /** {@link #readyNanos} of a transition the sequence picked while sampling was stopped (no clock reads it). */
    static final long NOT_TIMED = Long.MIN_VALUE;

    private static final int START_TICK_SHIFT = 24; // 16.8 ms

    /** Stamps the start time from sysmon's coarse clock (Sched#addLive, once, before the G is published). */
    void stampStart(long coarseNanos) {
        startTicks = (int) (coarseNanos >> START_TICK_SHIFT);
    }

    /**
     * {@code now} minus the start stamp, the start rounded down to its tick: never under the true age
     * and at most one tick (16.8 ms, about the coarse clock's own slack when sysmon idles) over it;
     * 0 for a G stamped after {@code now}. The ticks are kept modulo 2^32 and their difference read
     * as signed, so ages up to 2^55 ns (1.14 years) come out right.
     */
    long ageNanos(long now) {
        int ticks = (int) (now >> START_TICK_SHIFT) - startTicks;
        return ticks < 0 ? 0 : ((long) ticks << START_TICK_SHIFT) + (now & ((1L << START_TICK_SHIFT) - 1));
    }

    /** Ties this G to its (unstarted) virtual thread. Called once, before start. */
    void bind(Thread thread) {
        this.thread = thread;
    }

    /**
     * Marks this not yet registered G as a system goroutine: it is left out of
     * {@link Sched#liveGoroutines()} (so of numGoroutine and the deadlock rule) and of goroutine
     * dumps unless they ask for system goroutines. Read by {@link AllGs} under its stripe lock.
     */
    public void markSystem() {
        flags |= SYSTEM; // plain: before registration, so before any CAS on the flags (see flags)
    }

    public boolean isSystem() {
        return (flags & SYSTEM) != 0;
    }

    /** Marks a G made by Sched#readyForeign; once, before it is first queued. */
    void markForeign() {
        flags |= FOREIGN; // plain: before the G is published (see flags)
    }

    boolean isForeign() {
        return (flags & FOREIGN) != 0;
    }

    public Thread thread() {
        return thread;
    }

    /** See {@link #chanWaiter}: null until this G first blocks in a channel. The G itself only. */
    public Object chanWaiter() {
        return chanWaiter;
    }

    /** Keeps {@code waiter} for this G's later channel operations. The G itself only. */
    public void keepChanWaiter(Object waiter) {
        chanWaiter = waiter;
    }

    /** The task the JDK submits each time the G's thread becomes runnable (the thread's own final field). */
    Runnable runContinuation() {
        return VirtualThreads.runContinuation(thread);
    }

    /** The G's open gmp.Syscall event, or null; the G's own (see {@link GoroutineEvents}). */
    SyscallEvent syscallEvent() {
        GoroutineEvents e = events;
        return e == null ? null : e.syscall;
    }

    void syscallEvent(SyscallEvent event) {
        if (event != null || events != null) {
            events().syscall = event;
        }
    }

    /** The GoPark event begun when the G last parked, or null (see {@link GoroutineEvents}). */
    GoParkEvent parkEvent() {
        GoroutineEvents e = events;
        return e == null ? null : e.park;
    }

    void parkEvent(GoParkEvent event) {
        if (event != null || events != null) {
            events().park = event;
        }
    }

    /** The side object, made on first use: only while a recording wants this G's events. */
    private GoroutineEvents events() {
        GoroutineEvents e = events;
        if (e == null) {
            GoroutineEvents made = new GoroutineEvents();
            // The G's own thread (syscall) and an M (park) may both make one: one wins, both use it.
            e = (GoroutineEvents) EVENTS.compareAndExchange(this, null, made);
            if (e == null) {
                e = made;
            }
        }
        return e;
    }

    /** Called by the JDK whenever this G's virtual thread (or a foreign one) becomes runnable. */
    @Override
    public void execute(Runnable task) {
        Sched sched = Sched.get(); // the one scheduler: it made this G
        if (task == runContinuation()) {
            if ((flags & STARTED) == 0) {
                // Thread.start's submission, on the starting thread, before the G can run anywhere
                // (so before any CAS on the flags): later submissions happen after it ran, ordered
                // by the run queues.
                flags |= STARTED;
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
        return setFlagOnce(EXITED);
    }

    /**
     * Sets {@code bit} atomically (a full fence); true for the caller that set it. The volatile read
     * first spares the atomic when it is set already.
     */
    private boolean setFlagOnce(byte bit) {
        return ((byte) FLAGS.getVolatile(this) & bit) == 0 && ((byte) FLAGS.getAndBitwiseOr(this, bit) & bit) == 0;
    }

    private static final VarHandle FLAGS, EVENTS;

    static {
        try {
            FLAGS = MethodHandles.lookup().findVarHandle(G.class, "flags", byte.class);
            EVENTS = MethodHandles.lookup().findVarHandle(G.class, "events", GoroutineEvents.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public String toString() {
        return "goroutine " + goid;
    }
}

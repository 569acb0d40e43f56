package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One P's timers (Go's p.timers): a 4-ary min-heap of deadlines kept in two parallel arrays, so a
 * sift compares longs without touching the timers themselves. Four children per node make the heap
 * half as deep as a binary one; the four children of a node sit next to each other in memory.
 *
 * <p>Who touches what:
 * <ul>
 *   <li>Every method except {@link #publishedNextWhen()}, {@link #noteCancelled()} and
 *       {@link #fired()} belongs to the P's owner: the M holding the P or a G running on it, or,
 *       for an idle or dying P, whoever holds the scheduler lock with the P off every M.</li>
 *   <li>The owner publishes the earliest deadline after each change (a release store) so that
 *       idle Ms and sysmon can decide when to wake without the owner's help; they read it with
 *       an acquire load and may see a moment-stale value (at worst a wake-up with nothing due).</li>
 *   <li>A timer is cancelled from any thread by its own state change ({@link Timer#cancel}); the
 *       heap drops cancelled timers lazily, when they reach the top or when {@link #noteCancelled}
 *       says a quarter of the heap is dead (then {@link #compactIfMostlyCancelled} rebuilds it).</li>
 * </ul>
 * Deadlines are {@link #now()} values: nanoseconds since the class loaded, never negative, so
 * ordinary comparisons order them and {@link #NONE} (no timer) is larger than any deadline.
 */
final class TimerHeap {
    /** The published deadline of an empty heap. */
    static final long NONE = Long.MAX_VALUE;
    /** Deadlines are clamped this far ahead (146 years): now() + delay never overflows. */
    static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 2;

    private static final long ORIGIN = System.nanoTime();
    private static final int ARITY = 4;

    /** The monotonic clock that deadlines are read against. */
    static long now() {
        return System.nanoTime() - ORIGIN;
    }

    /** The {@link #now()} value of a {@code System.nanoTime()} reading. */
    static long fromNanoTime(long nanoTime) {
        return nanoTime - ORIGIN;
    }

    /** A deadline {@code delayNanos} after {@code now}, clamped; a negative delay is due now. */
    static long deadline(long now, long delayNanos) {
        return now + Math.min(Math.max(delayNanos, 0), MAX_DELAY_NANOS);
    }

    private long[] when;
    private Timer[] timers;
    private int size;

    @SuppressWarnings("unused") // through NEXT_WHEN
    private long nextWhen = NONE;
    /** Cancellations counted against this heap since its last compaction: a hint, see noteCancelled. */
    private final AtomicInteger cancelledHint = new AtomicInteger();
    /** Timers this heap's owner ran; owner only, opaque stores, read by snapshots. */
    private long fired;

    TimerHeap() {
        this(16);
    }

    TimerHeap(int initialCapacity) {
        when = new long[initialCapacity];
        timers = new Timer[initialCapacity];
    }

    int size() {
        return size;
    }

    /** The earliest deadline, for the owner (plain read). */
    long nextWhen() {
        return size == 0 ? NONE : when[0];
    }

    /** The earliest deadline as last published by the owner; any thread. */
    long publishedNextWhen() {
        return (long) NEXT_WHEN.getAcquire(this);
    }

    /**
     * Adds {@code t} at its deadline. Owner only. May throw OutOfMemoryError when the heap must
     * grow; it is then unchanged and {@code t} not added.
     */
    void add(Timer t) {
        if (t.heap == this && t.inHeap) {
            throw new IllegalStateException("timer " + t + " is already in this heap");
        }
        if (size == when.length) {
            // Both copies before either is kept: an OutOfMemoryError leaves the heap as it was.
            int capacity = size * 2;
            long[] grownWhen = java.util.Arrays.copyOf(when, capacity);
            Timer[] grownTimers = java.util.Arrays.copyOf(timers, capacity);
            when = grownWhen;
            timers = grownTimers;
        }
        t.heap = this;
        t.inHeap = true;
        siftUp(size++, t.when, t);
        publish();
    }

    /**
     * Removes and returns the earliest timer if it is due at {@code now} and still pending;
     * cancelled timers found on top on the way are dropped. Null when nothing is due. Owner only.
     */
    Timer pollDue(long now) {
        while (size > 0 && when[0] <= now) {
            Timer t = removeTop();
            if (t.isPending()) {
                publish();
                return t;
            }
        }
        publish();
        return null;
    }

    /** Removes every timer, handing the pending ones to {@code sink} (a P dies: its timers move). Owner only. */
    void drainPending(Consumer<Timer> sink) {
        Timer[] all = timers;
        int n = size;
        size = 0;
        for (int i = 0; i < n; i++) {
            Timer t = all[i];
            all[i] = null;
            t.inHeap = false;
            if (t.isPending()) {
                sink.accept(t);
            }
        }
        cancelledHint.set(0);
        publish();
    }

    /**
     * A timer of this heap was cancelled (any thread). Only a hint for compaction: a timer moved to
     * another heap meanwhile may be counted against the old one, and a count racing a compaction's
     * reset may be lost; neither drops a live timer or keeps a dead one forever (it leaves at its
     * deadline).
     */
    void noteCancelled() {
        cancelledHint.incrementAndGet();
    }

    /**
     * Rebuilds the heap without its cancelled timers when they are over a quarter of it, so a
     * program that cancels most of its timers early (timed waits satisfied at once) keeps no
     * garbage until the deadlines pass. Owner only; O(size) when it acts, amortised over the
     * cancellations that triggered it.
     */
    void compactIfMostlyCancelled() {
        int hint = cancelledHint.get();
        if (hint < 16 || hint < size / 4) {
            return;
        }
        cancelledHint.set(0);
        int kept = 0;
        for (int i = 0; i < size; i++) {
            Timer t = timers[i];
            if (t.isPending()) {
                timers[kept] = t;
                when[kept] = when[i];
                kept++;
            } else {
                t.inHeap = false;
            }
        }
        for (int i = kept; i < size; i++) {
            timers[i] = null;
        }
        size = kept;
        for (int i = (size - 2) / ARITY; i >= 0; i--) { // Floyd: sift down every parent, last first
            siftDown(i, when[i], timers[i]);
        }
        publish();
    }

    /** Counts one timer run by the owner. */
    void countFired() {
        FIRED.setOpaque(this, fired + 1);
    }

    /** Timers run from this heap so far; any thread. */
    long fired() {
        return (long) FIRED.getOpaque(this);
    }

    private Timer removeTop() {
        Timer top = timers[0];
        top.inHeap = false;
        int last = --size;
        Timer moved = timers[last];
        long movedWhen = when[last];
        timers[last] = null;
        if (last > 0) {
            siftDown(0, movedWhen, moved);
        }
        return top;
    }

    private void siftUp(int i, long w, Timer t) {
        while (i > 0) {
            int parent = (i - 1) / ARITY;
            if (when[parent] <= w) {
                break;
            }
            when[i] = when[parent];
            timers[i] = timers[parent];
            i = parent;
        }
        when[i] = w;
        timers[i] = t;
    }

    private void siftDown(int i, long w, Timer t) {
        while (true) {
            int first = i * ARITY + 1;
            if (first >= size) {
                break;
            }
            int least = first;
            int end = Math.min(first + ARITY, size);
            for (int c = first + 1; c < end; c++) {
                if (when[c] < when[least]) {
                    least = c;
                }
            }
            if (w <= when[least]) {
                break;
            }
            when[i] = when[least];
            timers[i] = timers[least];
            i = least;
        }
        when[i] = w;
        timers[i] = t;
    }

    private void publish() {
        NEXT_WHEN.setRelease(this, size == 0 ? NONE : when[0]);
    }

    /** Checks the heap order; tests only. */
    void checkInvariants() {
        for (int i = 1; i < size; i++) {
            if (when[(i - 1) / ARITY] > when[i]) {
                throw new IllegalStateException("timer heap out of order at " + i);
            }
            if (timers[i].when != when[i]) {
                throw new IllegalStateException("timer " + i + " has deadline " + timers[i].when + ", heap says " + when[i]);
            }
        }
    }

    private static final VarHandle NEXT_WHEN, FIRED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT_WHEN = lookup.findVarHandle(TimerHeap.class, "nextWhen", long.class);
            FIRED = lookup.findVarHandle(TimerHeap.class, "fired", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

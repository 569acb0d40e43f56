package dev.gmp.sched;

import dev.gmp.SchedWarning;
import dev.gmp.SchedWarning.Kind;
import dev.gmp.jdk.VirtualThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * The last {@value #CAPACITY} warnings ({@link SchedWarning}) and a count of every one seen. Written
 * by sysmon (long-running slices) and by any M that mounts a sampled G after over 100 ms runnable.
 * The second is not rare under a backlog (a million queued Gs: tens of thousands of sampled ones,
 * on every M at once), so counting and deciding whether to keep one take no lock: a striped count
 * per kind and a CAS on the last kept time, which lets one M per {@value #MIN_GAP_MILLIS} ms through
 * to the ring's monitor (a ring entry costs a stack walk for a long-running G). The counts see all.
 */
final class SchedWarnings {
    static final int CAPACITY = 64;
    static final long RUNNABLE_TOO_LONG_NANOS = 100_000_000;
    static final long MIN_GAP_MILLIS = 10;
    private static final int MAX_FRAMES = 64;

    /** No warning of the kind kept yet. */
    private static final long NEVER = Long.MIN_VALUE;

    private final SchedWarning[] ring = new SchedWarning[CAPACITY];
    private int next;
    private final LongAdder[] counts = new LongAdder[Kind.values().length];
    private final AtomicLongArray lastKeptNanos = new AtomicLongArray(Kind.values().length);

    SchedWarnings() {
        for (int k = 0; k < counts.length; k++) {
            counts[k] = new LongAdder();
            lastKeptNanos.set(k, NEVER);
        }
    }

    /** Sysmon only: {@code g} has run one slice on P {@code p} for {@code nanos}. */
    void longRunning(G g, int p, long nanos, long now) {
        if (keep(Kind.LONG_RUNNING, now)) {
            try {
                Thread t = g.thread();
                StackTraceElement[] frames = t == null ? new StackTraceElement[0] : VirtualThreads.stackTrace(t);
                List<String> stack = Arrays.stream(frames).limit(MAX_FRAMES).map(StackTraceElement::toString).toList();
                add(new SchedWarning(Kind.LONG_RUNNING, g.goid, p, nanos, System.currentTimeMillis(), stack));
            } catch (OutOfMemoryError noHeap) { // counted, not kept: the caller (sysmon) must go on
            }
        }
    }

    /**
     * An M about to run {@code g}, sampled, after {@code nanos} runnable. Throws nothing: the M has
     * taken g and must run it.
     */
    void runnableTooLong(G g, int p, long nanos, long now) {
        if (keep(Kind.RUNNABLE_TOO_LONG, now)) {
            try {
                add(new SchedWarning(Kind.RUNNABLE_TOO_LONG, g.goid, p, nanos, System.currentTimeMillis(), List.of()));
            } catch (OutOfMemoryError noHeap) { // counted, not kept
            }
        }
    }

    /**
     * Counts the warning; true when it also goes into the ring: the first of its kind, or the first
     * past MIN_GAP since the last one kept (of several Ms there at once, the one whose CAS wins).
     */
    private boolean keep(Kind kind, long now) {
        int k = kind.ordinal();
        counts[k].increment();
        long last = lastKeptNanos.get(k);
        if (last != NEVER && now - last < MIN_GAP_MILLIS * 1_000_000) {
            return false;
        }
        return lastKeptNanos.compareAndSet(k, last, now);
    }

    private synchronized void add(SchedWarning w) {
        ring[next] = w;
        next = (next + 1) % CAPACITY;
    }

    /** The warnings kept, newest first. */
    synchronized List<SchedWarning> recent() {
        List<SchedWarning> out = new ArrayList<>(CAPACITY);
        for (int i = 1; i <= CAPACITY; i++) {
            SchedWarning w = ring[Math.floorMod(next - i, CAPACITY)];
            if (w == null) {
                break;
            }
            out.add(w);
        }
        return out;
    }

    /** Warnings of {@code kind} seen since start, kept in the ring or not. */
    long count(Kind kind) {
        return counts[kind.ordinal()].sum();
    }
}

package dev.gmp.sched;

import dev.gmp.SchedWarning;
import dev.gmp.SchedWarning.Kind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The last {@value #CAPACITY} warnings ({@link SchedWarning}) and a count of every one seen. Written
 * by sysmon (long-running slices) and by an M that mounts a sampled G after over 100 ms runnable:
 * both rare, so a monitor guards the ring. A ring entry costs a stack walk for a long-running G, so
 * at most one entry per kind is kept per {@value #MIN_GAP_MILLIS} ms; the counts see them all.
 */
final class SchedWarnings {
    static final int CAPACITY = 64;
    static final long RUNNABLE_TOO_LONG_NANOS = 100_000_000;
    static final long MIN_GAP_MILLIS = 10;
    private static final int MAX_FRAMES = 64;

    private final SchedWarning[] ring = new SchedWarning[CAPACITY];
    private int next;
    private final long[] counts = new long[Kind.values().length];
    private final long[] lastKeptNanos = new long[Kind.values().length];

    /** Sysmon only: {@code g} has run one slice on P {@code p} for {@code nanos}. */
    void longRunning(G g, int p, long nanos, long now) {
        if (keep(Kind.LONG_RUNNING, now)) {
            Thread t = g.thread();
            StackTraceElement[] frames = t == null ? new StackTraceElement[0] : t.getStackTrace();
            List<String> stack = Arrays.stream(frames).limit(MAX_FRAMES).map(StackTraceElement::toString).toList();
            add(new SchedWarning(Kind.LONG_RUNNING, g.goid, p, nanos, System.currentTimeMillis(), stack));
        }
    }

    /** An M about to run {@code g}, sampled, after {@code nanos} runnable. */
    void runnableTooLong(G g, int p, long nanos, long now) {
        if (keep(Kind.RUNNABLE_TOO_LONG, now)) {
            add(new SchedWarning(Kind.RUNNABLE_TOO_LONG, g.goid, p, nanos, System.currentTimeMillis(), List.of()));
        }
    }

    /** Counts the warning; true when it also goes into the ring (not within MIN_GAP of the last one kept). */
    private synchronized boolean keep(Kind kind, long now) {
        int k = kind.ordinal();
        counts[k]++;
        if (counts[k] > 1 && now - lastKeptNanos[k] < MIN_GAP_MILLIS * 1_000_000) {
            return false;
        }
        lastKeptNanos[k] = now;
        return true;
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
    synchronized long count(Kind kind) {
        return counts[kind.ordinal()];
    }
}

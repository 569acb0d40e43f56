package dev.gmp.sched;

import dev.gmp.Snapshot.Histogram;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * Durations in fixed power-of-two buckets, kept by one writer and read by anyone (Go's timeHistogram
 * in runtime/histogram.go, with one sub-bucket). Bucket 0 holds durations under 2^10 ns (1.024 µs),
 * bucket {@code i} those in [2^(9+i), 2^(10+i)) ns, up to 2^32 ns (4.3 s); the last one the rest.
 *
 * <p>Written only by its owner (the M holding the P it belongs to), with opaque stores: no lock, no
 * fence, no allocation on the hot path. Readers ({@link #addTo}) use opaque loads and may see a
 * sample in a bucket before it is in the sum, or the other way round; never a torn value.
 */
final class TimeHistogram {
    static final int BUCKETS = 24;
    /** Bucket 0 ends at 2^FIRST_BOUND_LOG2 ns. */
    private static final int FIRST_BOUND_LOG2 = 10;

    private final long[] counts = new long[BUCKETS];
    private long sumNanos;

    /** Owner only. A negative duration (two clocks a moment apart, see M#execute) counts as zero. */
    void record(long nanos) {
        long d = Math.max(0, nanos);
        // floor(log2 d) without a division or a loop; 0 and everything under 2^10 land in bucket 0.
        int i = Math.min(BUCKETS - 1, Math.max(0, 63 - Long.numberOfLeadingZeros(d) - (FIRST_BOUND_LOG2 - 1)));
        COUNTS.setOpaque(counts, i, counts[i] + 1);
        SUM.setOpaque(this, sumNanos + d);
    }

    /** Adds this histogram's buckets into {@code into} (BUCKETS long) and returns its sum. Any thread. */
    long addTo(long[] into) {
        for (int i = 0; i < BUCKETS; i++) {
            into[i] += (long) COUNTS.getOpaque(counts, i);
        }
        return (long) SUM.getOpaque(this);
    }

    /** The histogram of bucket counts {@code counts} summing to {@code sumNanos}. */
    static Histogram toSnapshot(long[] counts, long sumNanos) {
        List<Long> bounds = new ArrayList<>(BUCKETS - 1);
        List<Long> values = new ArrayList<>(BUCKETS);
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            if (i < BUCKETS - 1) bounds.add(1L << (FIRST_BOUND_LOG2 + i));
            values.add(counts[i]);
            n += counts[i];
        }
        return new Histogram(bounds, values, sumNanos, n);
    }

    private static final VarHandle COUNTS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle SUM;

    static {
        try {
            SUM = MethodHandles.lookup().findVarHandle(TimeHistogram.class, "sumNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

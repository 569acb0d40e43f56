package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One P's flight record: a fixed ring of the last {@code capacity} scheduling records (slices,
 * syscalls, steals, handoffs), overwritten oldest first. Go's FlightRecorder keeps the last seconds
 * of its execution trace; this keeps the last entries of each P.
 *
 * <p>Memory: {@value #LONGS_PER_ENTRY} longs ({@value #BYTES_PER_ENTRY} bytes) per entry, allocated once
 * as one {@code long[]}; nothing is allocated afterwards.
 *
 * <p>Writers: only the P's owner (the M holding it, or sysmon while it holds a retaken P): no lock,
 * no atomic read-modify-write, no allocation. Ownership passes by the scheduler's own handoffs (the
 * idle list's lock, the status CAS, the wake-up's volatile flag), which order one owner's records
 * before the next owner's. The ring of Ms without a P is shared: its writers hold a spin lock
 * ({@code Sched.flightWithoutPLock}).
 *
 * <p>Readers (any thread) copy entries out while the owner may be overwriting them, seqlock style:
 * each entry starts with a sequence word, {@code 2n+1} while entry number {@code n} is being written
 * and {@code 2n+2} once it is complete. The writer stores the odd word, then (store-store fence) the
 * fields, then the even word with release semantics; the reader loads the word with acquire, the
 * fields, then (load-load fence) the word again, and keeps the entry only if both loads saw
 * {@code 2n+2}. A reader walks from the newest entry back and stops at the first one overwritten.
 */
final class FlightRing {
    static final int LONGS_PER_ENTRY = 6;
    static final int BYTES_PER_ENTRY = LONGS_PER_ENTRY * Long.BYTES;

    // Entry layout: sequence, start, end, goid (or the giving M for a handoff), meta, arg.
    private static final int SEQ = 0, START = 1, END = 2, GOID = 3, META = 4, ARG = 5;

    static final int SLICE = 1, SYSCALL = 2, STEAL = 3, HANDOFF = 4, CLOCK = 5;
    /** A slice boundary whose time was not read: the reader places it between the nearest read ones. */
    static final long UNSTAMPED = Long.MIN_VALUE + 1;

    private final long[] data;
    private final int mask;
    /** Entries ever written; owner-written (release), read by readers (acquire). */
    private long next;
    /** Start and G of the slice running now, so a reader can show a slice that has not ended yet. */
    private long openStart;
    private long openGoid;

    /** A ring of {@code capacity} entries, a power of two. */
    FlightRing(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("flight ring capacity must be a power of two >= 2, got " + capacity);
        }
        data = new long[capacity * LONGS_PER_ENTRY];
        mask = capacity - 1;
    }

    int capacity() {
        return mask + 1;
    }

    /** Memory held by the entries: fixed at creation. */
    long bytes() {
        return (long) data.length * Long.BYTES;
    }

    /** Owner only: a slice of {@code goid} began at {@code start} (a record only when it ends). */
    void open(long start, long goid) {
        OPEN_START.setOpaque(this, start);
        OPEN_GOID.setOpaque(this, goid);
    }

    /** Owner only. {@code meta} packs the kind, a reason code and the M (see {@link #meta}). */
    void put(long start, long end, long goid, long meta, long arg) {
        long n = next;
        int base = (int) (n & mask) * LONGS_PER_ENTRY;
        ENTRY.setOpaque(data, base + SEQ, 2 * n + 1);
        VarHandle.storeStoreFence(); // the odd word is visible before any field changes
        data[base + START] = start;
        data[base + END] = end;
        data[base + GOID] = goid;
        data[base + META] = meta;
        data[base + ARG] = arg;
        ENTRY.setRelease(data, base + SEQ, 2 * n + 2); // the fields are visible before the even word
        NEXT.setRelease(this, n + 1);
    }

    static long meta(int kind, int reason, long m) {
        return kind | (long) (reason & 0xff) << 8 | m << 16;
    }

    static int kind(long meta) {
        return (int) (meta & 0xff);
    }

    static int reason(long meta) {
        return (int) (meta >>> 8 & 0xff);
    }

    static long m(long meta) {
        return meta >>> 16;
    }

    /** What a reader gets for each complete entry. */
    interface Visitor {
        void entry(long start, long end, long goid, long meta, long arg);
    }

    /**
     * Any thread: visits the complete entries whose end is at or after {@code sinceNanos} or
     * {@link #UNSTAMPED}, newest first, and then the first one before them with an end before
     * {@code sinceNanos} (the reader needs its time to place unstamped ends); skips none that the
     * writer had finished and not yet overwritten when the walk reached them. Returns how many were visited.
     */
    int readSince(long sinceNanos, Visitor visitor) {
        long head = (long) NEXT.getAcquire(this);
        long oldest = Math.max(0, head - capacity());
        int visited = 0;
        for (long n = head - 1; n >= oldest; n--) {
            int base = (int) (n & mask) * LONGS_PER_ENTRY;
            long expected = 2 * n + 2;
            if ((long) ENTRY.getAcquire(data, base + SEQ) != expected) {
                return visited; // overwritten by a newer entry: so are all older ones
            }
            long start = (long) ENTRY.getOpaque(data, base + START);
            long end = (long) ENTRY.getOpaque(data, base + END);
            long goid = (long) ENTRY.getOpaque(data, base + GOID);
            long meta = (long) ENTRY.getOpaque(data, base + META);
            long arg = (long) ENTRY.getOpaque(data, base + ARG);
            VarHandle.loadLoadFence(); // the fields are read before the word is read again
            if ((long) ENTRY.getOpaque(data, base + SEQ) != expected) {
                return visited; // torn: the writer came round meanwhile
            }
            visitor.entry(start, end, goid, meta, arg);
            visited++;
            if (end != UNSTAMPED && end < sinceNanos) {
                return visited; // entries are written in end order: the rest is older still
            }
        }
        return visited;
    }

    /** Start of the slice running now, or of the last one begun; any thread, a moment's view. */
    long openStart() {
        return (long) OPEN_START.getOpaque(this);
    }

    long openGoid() {
        return (long) OPEN_GOID.getOpaque(this);
    }

    /** Entries written since creation (monotonic). Any thread. */
    long written() {
        return (long) NEXT.getAcquire(this);
    }

    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle NEXT, OPEN_START, OPEN_GOID;

    static {
        try {
            var lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(FlightRing.class, "next", long.class);
            OPEN_START = lookup.findVarHandle(FlightRing.class, "openStart", long.class);
            OPEN_GOID = lookup.findVarHandle(FlightRing.class, "openGoid", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

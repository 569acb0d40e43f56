package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One P's flight record: a fixed ring of the last {@code capacity} scheduling records (slices,
 * syscalls, steals, handoffs), overwritten oldest first. Go's FlightRecorder keeps the last seconds
 * of its execution trace; this keeps the last entries of each P.
 *
 * <p>Memory: {@value #LONGS_PER_ENTRY} longs ({@value #BYTES_PER_ENTRY} bytes, two entries per cache
 * line) per entry, allocated once as one {@code long[]}; nothing is allocated afterwards. An entry is
 * start, end, goid, and one long packing the kind, a reason, the M (24 bits: M ids are kept modulo
 * 2^24) and a 32-bit argument ({@link #meta}). The ring is written at the end of each time slice; on a
 * ping-pong its stores were about half the recorder's cost. (A 2 KiB staging block that stays in the
 * L1 cache, copied into the ring when full, measured no cheaper.) So a runnext chain's unstamped
 * slices that alternate between two Gs and end alike (a ping-pong) share one <em>run</em> entry
 * ({@link #putChained}): start holds the count of slices, end the second G; each further slice is
 * one store into the run's count. Readers expand a run into its slices, so they never see it.
 *
 * <p>Writers: only the P's owner (the M holding it, or sysmon while it holds a retaken P): no lock,
 * no atomic read-modify-write, no allocation. Ownership passes by the scheduler's own handoffs (the
 * idle list's lock, the status CAS, the wake-up's volatile flag), which order one owner's records
 * before the next owner's. The ring of Ms without a P is shared: its writers hold a spin lock
 * ({@code Sched.flightWithoutPLock}).
 *
 * <p>Readers (any thread) copy entries out while the owner may be overwriting them, seqlock style
 * with one sequence for the whole ring, {@code next} (entries ever written). The writer stores entry
 * {@code n}'s fields, then {@code next = n + 1} with release semantics, then (store-store fence)
 * nothing of entry {@code n + 1} before that. So a reader that copied entry {@code k} and then (load-load
 * fence) reads {@code next = h} knows the writer has at most begun entry {@code h}, which overwrites
 * entry {@code h - capacity}: its copy of {@code k} is whole if {@code k > h - capacity}. Readers
 * check in batches, one read of {@code next} per {@value #BATCH} entries, so that a window read does
 * not pull the writer's hot line away 8,192 times. A run entry grows in place while it is the newest
 * entry: the writer stores its second G, then its count (release); a reader loads the count first
 * (acquire), so a count of two or more comes with the second G. Any copy is a run the writer wrote
 * at some instant.
 */
final class FlightRing {
    static final int LONGS_PER_ENTRY = 4;
    static final int BYTES_PER_ENTRY = LONGS_PER_ENTRY * Long.BYTES;

    // Entry layout: start, end, goid (or the giving M for a handoff), packed meta and arg.
    private static final int START = 0, END = 1, GOID = 2, PACKED = 3;
    /** Entries a reader copies between two checks of the sequence. */
    static final int BATCH = 64;

    static final int SLICE = 1, SYSCALL = 2, STEAL = 3, HANDOFF = 4, CLOCK = 5;
    /** A run of unstamped chain slices (see {@link #putChained}); only inside the ring, read as slices. */
    static final int RUN = 6;
    /** A slice boundary whose time was not read: the reader places it between the nearest read ones. */
    static final long UNSTAMPED = Long.MIN_VALUE + 1;

    private final long[] data;
    private final int mask;
    /** Entries ever written: the ring's sequence; owner-written (release), read by readers (acquire). */
    private long next;
    // The run the newest entry may be (see putChained); owner-only, plain.
    /**
     * Sequence number of the run entry last begun; none yet: a number no entry has (not -1, which
     * a new ring's {@code next - 1} equals).
     */
    private long runSeq = Long.MIN_VALUE;
    /** Its meta and argument, packed as stored; its first and second G. (Its count is in the entry.) */
    private long runPacked, runFirst, runSecond;

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

    /**
     * Owner only. {@code meta} packs the kind, a reason code and the M (see {@link #meta}); {@code arg}
     * keeps its low 32 bits (wait-reason codes, P ids, a steal's victim and count).
     */
    void put(long start, long end, long goid, long meta, long arg) {
        long n = next;
        int base = (int) (n & mask) * LONGS_PER_ENTRY;
        data[base + START] = start;
        data[base + END] = end;
        data[base + GOID] = goid;
        data[base + PACKED] = meta & 0xFFFF_FFFFL | arg << 32;
        NEXT.setRelease(this, n + 1); // the fields are visible before the sequence says entry n is there
        VarHandle.storeStoreFence(); // and the next entry's fields only after it (see the class comment)
    }

    /**
     * Owner only: a slice whose start and end were both left unstamped, so it begins where the
     * ring's previous slice ended, as a runnext chain's slices do. When the newest entry is a run
     * that this slice continues (same meta and argument, and the G the run's alternation expects:
     * first, second, first, ...), the slice is counted into it; otherwise it begins a run of one.
     * Either way a reader sees the same as from {@link #put}{@code (UNSTAMPED, UNSTAMPED, goid,
     * meta, arg)}. {@code meta} is of kind {@link #SLICE}.
     */
    void putChained(long goid, long meta, long arg) {
        long n = next;
        long packed = (meta & ~0xfL | RUN) & 0xFFFF_FFFFL | arg << 32;
        if (runSeq == n - 1 && packed == runPacked) {
            int base = (int) (runSeq & mask) * LONGS_PER_ENTRY;
            long count = data[base + START]; // only this thread writes it
            if (count == 1) {
                runSecond = goid;
                ENTRY.setOpaque(data, base + END, goid);
            }
            if (count == 1 || goid == ((count & 1) == 0 ? runFirst : runSecond)) {
                ENTRY.setRelease(data, base + START, count + 1); // after the second G (see the class comment)
                return;
            }
        }
        put(1, 0, goid, packed & 0xFFFF_FFFFL, arg);
        runSeq = n;
        runPacked = packed;
        runFirst = goid;
    }

    /** Kind (4 bits), reason (4 bits) and M (24 bits, modulo 2^24) in the low 32 bits of a long. */
    static long meta(int kind, int reason, long m) {
        return kind & 0xf | (reason & 0xf) << 4 | (m & 0xFF_FFFFL) << 8;
    }

    static int kind(long meta) {
        return (int) (meta & 0xf);
    }

    static int reason(long meta) {
        return (int) (meta >>> 4 & 0xf);
    }

    static long m(long meta) {
        return meta >>> 8 & 0xFF_FFFFL;
    }

    /** What a reader gets for each complete entry. */
    interface Visitor {
        void entry(long start, long end, long goid, long meta, long arg);
    }

    /**
     * Any thread: visits the complete entries whose end is at or after {@code sinceNanos} or
     * {@link #UNSTAMPED}, newest first, and then the first one before them with an end before
     * {@code sinceNanos} (the reader needs its time to place unstamped ends); skips none that the
     * writer had finished and not yet begun to overwrite when the walk checked them. A full ring
     * shows its newest {@code capacity - 1} entries: the oldest slot is the one the writer's next
     * entry goes to, and the sequence cannot tell whether it has begun. Returns how many were visited.
     */
    int readSince(long sinceNanos, Visitor visitor) {
        long head = (long) NEXT.getAcquire(this);
        long oldest = Math.max(0, head - capacity());
        long[] batch = new long[BATCH * LONGS_PER_ENTRY];
        int visited = 0;
        for (long newest = head - 1; newest >= oldest; newest -= BATCH) {
            int count = (int) Math.min(BATCH, newest - oldest + 1);
            for (int i = 0; i < count; i++) { // entries newest, newest - 1, ...
                int base = (int) ((newest - i) & mask) * LONGS_PER_ENTRY;
                for (int f = 0; f < LONGS_PER_ENTRY; f++) { // a run's count (START) first: see the class comment
                    batch[i * LONGS_PER_ENTRY + f] = (long) ENTRY.getAcquire(data, base + f);
                }
            }
            VarHandle.loadLoadFence(); // the copies are read before the sequence is read again
            long firstWhole = (long) NEXT.getAcquire(this) - capacity() + 1; // older ones may be torn
            for (int i = 0; i < count; i++) {
                if (newest - i < firstWhole) {
                    return visited; // the writer came round to it meanwhile: so it did to all older ones
                }
                int b = i * LONGS_PER_ENTRY;
                long end = batch[b + END], packed = batch[b + PACKED];
                long meta = packed & 0xFFFF_FFFFL, arg = packed >>> 32;
                if (kind(meta) == RUN) {
                    visited += visitRun(batch[b + START], batch[b + GOID], end, meta & ~0xfL | SLICE, arg, visitor);
                    continue;
                }
                visitor.entry(batch[b + START], end, batch[b + GOID], meta, arg);
                visited++;
                if (end != UNSTAMPED && end < sinceNanos) {
                    return visited; // entries are written in end order: the rest is older still
                }
            }
        }
        return visited;
    }

    /** A run's slices, newest first: its first G, its second, its first, ... ({@code count} of them). */
    private static int visitRun(long count, long first, long second, long sliceMeta, long arg, Visitor visitor) {
        for (long k = count - 1; k >= 0; k--) {
            visitor.entry(UNSTAMPED, UNSTAMPED, (k & 1) == 0 ? first : second, sliceMeta, arg);
        }
        return (int) count;
    }

    /** Entries written since creation (monotonic). Any thread. */
    long written() {
        return (long) NEXT.getAcquire(this);
    }

    private static final VarHandle ENTRY = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle NEXT;

    static {
        try {
            var lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(FlightRing.class, "next", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

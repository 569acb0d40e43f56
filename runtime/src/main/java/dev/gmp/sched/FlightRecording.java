package dev.gmp.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The flight recorder's writing side: its settings and the hooks the scheduler calls where slices
 * begin and end, Ms enter and leave syscalls, steal and hand off Ps. Each hook writes one entry into
 * the {@link FlightRing} of the P its caller owns (or the shared ring of Ms without a P).
 *
 * <p>Settings, read once at start-up: {@code -Dgmp.flightRecorder=on|off} (default on) and
 * {@code -Dgmp.flightRecorder.entries=N}, entries per P (a power of two, default {@value
 * #DEFAULT_ENTRIES}). Memory: {@code N × }{@value FlightRing#BYTES_PER_ENTRY}{@code  bytes} per P
 * (256 KiB by default), plus one ring of the same size for Ms without a P; nothing when off.
 *
 * <p>When on, recording can be stopped and started again at run time ({@link #recording(boolean)},
 * Go's {@code FlightRecorder.Stop}/{@code Start}). Each M reads the switch once per slice, at its
 * start, so a slice is recorded whole or not at all; stopped, the hot path costs that one read. The
 * first slice an M runs stopped closes what its last recorded slice left open ({@link #stoppedOn}),
 * so a restart never joins two recorded stretches across the gap.
 *
 * <p>Cost on the hot path: four stores into the ring and its sequence (one store in a run of
 * chained slices, see {@link FlightRing#putChained}), for a park one load of the G's park blocker,
 * and clock reads, which between two slices cost far more than in a loop, so they
 * are saved where the picture does not need them:
 * <ul>
 *   <li>A slice's start is not read when the M went straight from its previous slice to this one
 *       through runnext or its local queue: it is the previous slice's end (the slices touch; the
 *       M's few tens of nanoseconds between them count in the new one). Slower paths to a G (the
 *       global queue, a steal, a wake-up) read it.</li>
 *   <li>A slice's end is read unless the slice ended with a G waiting in its P's runnext (the
 *       ending G woke it: a runnext chain such as a ping-pong, whose next slice starts at once).
 *       In a chain the clock is read every {@value #CHAIN_STAMP_PERIOD}th end, and every end
 *       once the chain's slices average over {@value #LONG_CHAIN_SLICE_NANOS} ns; the ends between
 *       two reads are {@link #UNSTAMPED} in the ring and the reader spreads them evenly between
 *       the reads ({@link FlightWindow}), marking those slices approximate. Slices the histograms
 *       sample reuse the histograms' own reads.</li>
 * </ul>
 */
final class FlightRecording {
    private FlightRecording() {}

    static final int DEFAULT_ENTRIES = 8192;
    /** Whether the scheduler records (a constant, so a disabled recorder costs nothing once compiled). */
    static final boolean ENABLED;
    /** Entries per ring. */
    static final int ENTRIES;
    /** Why the properties were refused, or null; reported by {@link #validate} when the scheduler starts. */
    private static final String INVALID;

    /** A slice's end reasons (the ring's reason byte for {@link FlightRing#SLICE}). */
    static final int PARK = 1, YIELD = 2, PREEMPT = 3, SYSCALL = 4, EXIT = 5;
    private static final String[] END_REASONS = {"running", "park", "yield", "preempt", "syscall", "exit"};

    /** A handoff's reasons (the ring's reason byte for {@link FlightRing#HANDOFF}). */
    static final int HANDOFF_IDLE = 1, HANDOFF_RETAKE = 2, HANDOFF_EXITSYSCALL = 3;
    private static final String[] HANDOFF_REASONS = {"", "idle P to a spinning M", "syscall retake", "exitsyscall: idle P"};

    /** A start that means "no slice is open on this M" (its G's slice ended when it entered a syscall). */
    static final long NONE = Long.MIN_VALUE;
    /** A boundary between two slices of a runnext chain whose time was not read (see the class comment). */
    static final long UNSTAMPED = FlightRing.UNSTAMPED;
    /**
     * In a runnext chain, the clock is read at every this-many-th slice end at least. A read costs
     * far more between two slices than in a loop (28-31 ns there): reading every 16th end instead
     * cost about 2 % more of a park ping-pong (paired per-JVM ratios 1.05-1.12 against 1.04-1.08).
     */
    static final int CHAIN_STAMP_PERIOD = 64;
    /** A chain whose slices average more than this is stamped at every end. */
    static final long LONG_CHAIN_SLICE_NANOS = 5_000;

    /**
     * Whether the Ms record now (only meaningful when {@link #ENABLED}). Volatile: a stop or start
     * reaches every M by its next slice; the rings' own publication is unchanged.
     */
    private static volatile boolean recording = true;

    static {
        String onOff = System.getProperty("gmp.flightRecorder", "on").trim();
        String entries = System.getProperty("gmp.flightRecorder.entries", "").trim();
        String invalid = null;
        int n = DEFAULT_ENTRIES;
        if (!onOff.equals("on") && !onOff.equals("off")) {
            invalid = "-Dgmp.flightRecorder must be 'on' or 'off', got '" + onOff + "'";
        } else if (!entries.isEmpty()) {
            try {
                n = Integer.parseInt(entries);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 16 || n > (1 << 24) || Integer.bitCount(n) != 1) {
                invalid = "-Dgmp.flightRecorder.entries must be a power of two from 16 to 16777216, got '" + entries + "'";
                n = DEFAULT_ENTRIES;
            }
        }
        INVALID = invalid;
        ENABLED = invalid == null && onOff.equals("on");
        ENTRIES = n;
    }

    /** Throws when the flight recorder's properties are invalid; called once by the scheduler's constructor. */
    static void validate() {
        if (INVALID != null) {
            throw new IllegalArgumentException(INVALID);
        }
    }

    /** Whether the Ms record now: on at start-up and not stopped. Any thread; one volatile read. */
    static boolean recording() {
        return ENABLED && recording;
    }

    /**
     * Starts ({@code true}) or stops recording. Stopping keeps what the rings hold; starting again
     * appends to it. Throws when the recorder is off for this JVM: it has no rings.
     */
    static void recording(boolean on) {
        if (!ENABLED) {
            throw new IllegalStateException("the flight recorder is off for this JVM (-Dgmp.flightRecorder=off): "
                    + "it can be started and stopped only when it is on at start-up (the default)");
        }
        recording = on;
    }

    /** A new ring when recording, else null. */
    static FlightRing newRing() {
        return ENABLED ? new FlightRing(ENTRIES) : null;
    }

    static String endReason(int code) {
        return code >= 0 && code < END_REASONS.length ? END_REASONS[code] : "unknown";
    }

    static String handoffReason(int code) {
        return code > 0 && code < HANDOFF_REASONS.length ? HANDOFF_REASONS[code] : "unknown";
    }

    // ---- wait reasons: a code per blocker class, interned once ---------------------------------

    /** Codes 1..WaitReason.values().length are gmp's wait reasons; later codes name a blocker class. */
    private static final WaitReason[] WAIT_REASONS = WaitReason.values();
    private static final int FIRST_CLASS_CODE = WAIT_REASONS.length + 1;
    /** Names of interned blocker classes by code - FIRST_CLASS_CODE; appended under its own monitor. */
    private static final List<String> classNames = new ArrayList<>();
    private static final ClassValue<Long> CLASS_CODES = new ClassValue<>() {
        @Override
        protected Long computeValue(Class<?> type) {
            synchronized (classNames) {
                classNames.add("park on " + type.getSimpleName());
                return (long) (FIRST_CLASS_CODE + classNames.size() - 1);
            }
        }
    };

    /** The wait reason code of a G that just parked: from its park blocker (0: none). Called by its M. */
    static long waitCode(M m, Thread thread) {
        Object blocker = LockSupport.getBlocker(thread);
        if (blocker == null) {
            return 0;
        }
        if (blocker instanceof WaitReason wr) {
            return wr.ordinal() + 1;
        }
        Class<?> type = blocker.getClass();
        if (type != m.lastBlockerClass) { // a G parks on the same kind of object again and again
            m.lastBlockerCode = CLASS_CODES.get(type);
            m.lastBlockerClass = type;
        }
        return m.lastBlockerCode;
    }

    /** The text of a wait reason code. Any thread. */
    static String waitReason(long code) {
        if (code <= 0) {
            return "";
        }
        if (code < FIRST_CLASS_CODE) {
            return WAIT_REASONS[(int) code - 1].text();
        }
        synchronized (classNames) {
            int i = (int) (code - FIRST_CLASS_CODE);
            return i < classNames.size() ? classNames.get(i) : "park";
        }
    }

    // ---- clock reads ---------------------------------------------------------------------------

    /** Reads the clock for {@code m}. Called by the M. */
    static long stamp(M m) {
        long now = System.nanoTime();
        m.lastStamp = now;
        return now;
    }

    /** The end of the slice that just ended on {@code m}: a reading taken since it stopped, or the clock now. */
    private static long endStamp(M m) {
        long now = m.clockAfterSlice();
        m.lastStamp = now;
        return now;
    }

    /**
     * Reads the clock for the end of a runnext chain's slice, the chain rule's every
     * stampEvery-th: the chain's average slice since the previous read decides how many ends may
     * pass unread next (see the class comment).
     */
    private static long chainRead(M m) {
        long since = m.lastStamp;
        long now = endStamp(m);
        m.stampEvery = (now - since) / m.chainedEnds > LONG_CHAIN_SLICE_NANOS ? 1 : CHAIN_STAMP_PERIOD;
        m.chainedEnds = 0;
        return now;
    }

    // ---- hooks -------------------------------------------------------------------------------

    /** The ring {@code m} writes to: its P's, or the shared one (then under its lock). */
    private static void put(M m, long start, long end, long goid, long meta, long arg) {
        P pp = m.p;
        if (pp != null) {
            pp.flight.put(start, end, goid, meta, arg);
        } else {
            // Rare: an M that lost its P in a syscall. A spin lock, since the caller may be the G
            // itself (exitsyscall), which must not unmount here (see SpinLock).
            SpinLock lock = m.sched.flightWithoutPLock;
            lock.lock();
            try {
                m.sched.flightWithoutP.put(start, end, goid, meta, arg);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * A recorded slice of {@code g} (its virtual thread {@code thread}) ended on {@code m}: its
     * entry, with why it ended. {@code clock} is the end the histograms read, or 0 when they read
     * none; then the chain rules decide (see the class comment). One call on the M's hot path: the
     * common case, a slice in a runnext chain between two reads, reads no clock and is counted into
     * the ring's run. Called by the M.
     */
    static void sliceEnded(M m, G g, Thread thread, long clock) {
        P pp = m.p;
        long end;
        if (clock != 0) {
            end = clock;
            m.lastStamp = clock;
            m.chainedEnds = 0;
        } else if (pp == null || pp.runq.runnext() == null) { // not a chain: read
            end = endStamp(m);
            m.chainedEnds = 0;
        } else if (++m.chainedEnds < m.stampEvery) {
            end = UNSTAMPED;
        } else {
            end = chainRead(m);
        }
        int reason;
        long waitCode = 0;
        if (!thread.isAlive()) {
            reason = EXIT;
        } else if (m.curgYielded) {
            reason = (g.yieldFlags & G.YIELD_PREEMPTED) != 0 ? PREEMPT : YIELD;
        } else {
            reason = PARK;
            waitCode = waitCode(m, thread);
        }
        long meta = FlightRing.meta(FlightRing.SLICE, reason, m.id);
        long start = m.sliceStart;
        if (start == UNSTAMPED && end == UNSTAMPED && pp != null) {
            pp.flight.putChained(g.goid, meta, waitCode);
        } else {
            put(m, start, end, g.goid, meta, waitCode);
        }
        if (m.traceMark != end) {
            m.traceMark = end;
        }
    }

    /**
     * {@code g} enters a syscall at {@code when}, leaving {@code pp}, still owned by {@code m}: its
     * slice ends; the syscall is recorded unless recording stopped.
     */
    static void syscallEntered(M m, P pp, G g, long when) {
        long start = m.sliceStart;
        if (start != NONE) {
            pp.flight.put(start, when, g.goid, FlightRing.meta(FlightRing.SLICE, SYSCALL, m.id), 0);
        }
        m.setSliceStart(NONE);
        m.traceMark = 0; // the slice after the syscall reads its own start
        if (recording) {
            m.syscallStart = when;
            m.syscallP = pp.id;
        }
    }

    /**
     * The first slice {@code m} runs on {@code pp} after recording stopped: the chain its last
     * recorded slice may have left unstamped gets a clock entry (as when a thief breaks it), so the
     * reader does not spread old slices over the gap; the M's next start is read. (The caller marks
     * this slice unrecorded, so no slice begun before the stop is shown as running.)
     */
    static void stoppedOn(M m, P pp) {
        if (m.traceMark == UNSTAMPED) {
            chainBroke(m, pp);
        }
        m.traceMark = 0;
        m.chainedEnds = 0;
    }

    /**
     * {@code m}'s part of {@code g}'s syscall ends (it returned, or the G unmounted inside it): the
     * span goes on the M's lane; a G that goes on running here starts a new slice.
     */
    static void syscallLeft(M m, G g, boolean goesOnRunning) {
        long start = m.syscallStart;
        if (start == NONE) {
            return; // the G entered it on another M
        }
        long now = stamp(m);
        m.syscallStart = NONE;
        put(m, start, now, g.goid, FlightRing.meta(FlightRing.SYSCALL, 0, m.id), m.syscallP);
        if (goesOnRunning) {
            m.setSliceStart(now);
        }
    }

    /**
     * The runnext G that {@code m}'s last (untimed) slice end counted on is gone (a thief took it),
     * so no timed start follows at once: a clock entry on {@code pp} bounds that end for the reader.
     */
    static void chainBroke(M m, P pp) {
        long now = stamp(m);
        pp.flight.put(now, now, 0, FlightRing.meta(FlightRing.CLOCK, 0, m.id), 0);
        m.traceMark = now;
        m.chainedEnds = 0;
    }

    /** {@code thief} (owned by {@code m}) stole {@code count} Gs from {@code victim}. */
    static void stole(M m, P thief, P victim, int count) {
        long now = stamp(m);
        thief.flight.put(now, now, 0, FlightRing.meta(FlightRing.STEAL, 0, m.id), (long) victim.id << 16 | count);
    }

    /** The caller, owning {@code pp}, hands it from M {@code fromM} (or -1) to M {@code toM}. */
    static void handedOff(P pp, long fromM, long toM, int reason) {
        long now = System.nanoTime();
        pp.flight.put(now, now, fromM, FlightRing.meta(FlightRing.HANDOFF, reason, toM), 0);
    }
}

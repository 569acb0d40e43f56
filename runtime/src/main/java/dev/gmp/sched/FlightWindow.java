package dev.gmp.sched;

import dev.gmp.Trace;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The flight recorder's reading side: copies the last moments out of every P's {@link FlightRing}
 * (and the ring of Ms without a P) into a {@link Trace}. Any thread, no lock, no stop-the-world:
 * each ring is read newest first while its owner goes on writing; entries overwritten meanwhile
 * are left out (see {@link FlightRing}), so a window is complete back to its oldest surviving entry.
 *
 * <p>Slice boundaries the writer did not read the clock for ({@link FlightRing#UNSTAMPED}, in
 * runnext chains) are spread evenly between the nearest read boundaries before and after them on
 * the same ring (the time of reading when the chain is still running); those slices are marked
 * approximate. Unstamped boundaries older than the ring's oldest read one are left out.
 */
public final class FlightWindow {
    private FlightWindow() {}

    /** Whether this JVM records (-Dgmp.flightRecorder, default on). */
    public static boolean enabled() {
        return FlightRecording.ENABLED;
    }

    /** Whether the Ms record now (see {@link FlightRecording#recording(boolean)}). */
    public static boolean recording() {
        return FlightRecording.recording();
    }

    /** Starts or stops recording; throws when the recorder is off for this JVM. */
    public static void recording(boolean on) {
        FlightRecording.recording(on);
    }

    /** Entries kept per P (-Dgmp.flightRecorder.entries). */
    public static int entriesPerP() {
        return FlightRecording.ENTRIES;
    }

    /** Bytes of one entry. */
    public static int bytesPerEntry() {
        return FlightRing.BYTES_PER_ENTRY;
    }

    /** The last {@code windowNanos} of {@code s}'s record (empty when the recorder is off). */
    public static Trace last(Sched s, long windowNanos) {
        long now = System.nanoTime();
        long from = now - Math.max(0, windowNanos);
        Collector c = new Collector(s.startNanos, from, now);
        if (FlightRecording.ENABLED) {
            for (P pp : s.allp()) {
                c.read(pp.flight, pp.id);
                addOpenSlice(pp, c);
            }
            c.read(s.flightWithoutP, -1);
        }
        c.slices.sort(Comparator.comparingLong(Trace.Slice::startNanos));
        c.syscalls.sort(Comparator.comparingLong(Trace.Syscall::startNanos));
        c.steals.sort(Comparator.comparingLong(Trace.Steal::atNanos));
        c.handoffs.sort(Comparator.comparingLong(Trace.Handoff::atNanos));
        long base = s.startNanos;
        return new Trace(Math.max(0, from - base), now - base, s.gomaxprocs(), c.slices, c.syscalls, c.steals, c.handoffs);
    }

    /**
     * The slice running on {@code pp} now, if one began after the P's last record ended: its M's
     * running G and that slice's start, read between two reads of the G (a start read while the M
     * switched Gs would belong to the next one).
     */
    private static void addOpenSlice(P pp, Collector c) {
        M m = pp.m;
        G g = m == null ? null : m.runningG();
        if (g == null) {
            return;
        }
        long start = m.sliceStartSeenByOthers();
        if (m.runningG() != g || m.p != pp || start == FlightRecording.NONE) {
            return; // it moved on meanwhile, or the slice is not recorded
        }
        if (start == FlightRing.UNSTAMPED) {
            start = c.lastEnd; // it followed the last recorded slice at once
        }
        if (start < c.lastEnd || start <= 0 || start > c.now) { // began after the window was taken
            return;
        }
        c.slices.add(new Trace.Slice(pp.id, m.id, g.goid, start - c.base, c.now - c.base,
                FlightRecording.endReason(0), "", false));
    }

    /** One ring's raw entry, oldest first once collected. */
    private record Raw(long start, long end, long goid, long meta, long arg) {}

    private static final class Collector implements FlightRing.Visitor {
        final long base, from, now;
        /** The end of the newest slice of the ring read last (its placed time), or Long.MIN_VALUE. */
        long lastEnd;
        private final List<Raw> raw = new ArrayList<>();
        final List<Trace.Slice> slices = new ArrayList<>();
        final List<Trace.Syscall> syscalls = new ArrayList<>();
        final List<Trace.Steal> steals = new ArrayList<>();
        final List<Trace.Handoff> handoffs = new ArrayList<>();

        Collector(long base, long from, long now) {
            this.base = base;
            this.from = from;
            this.now = now;
        }

        @Override
        public void entry(long start, long end, long goid, long meta, long arg) {
            raw.add(new Raw(start, end, goid, meta, arg));
        }

        /** Reads {@code ring} (of P {@code p}, or -1) and adds its entries in the window. */
        void read(FlightRing ring, int p) {
            raw.clear();
            lastEnd = Long.MIN_VALUE;
            ring.readSince(from, this);
            List<Raw> entries = raw.reversed(); // oldest first
            long[] starts = new long[entries.size()], ends = new long[entries.size()];
            boolean[] placed = place(entries, starts, ends);
            for (int i = 0; i < entries.size(); i++) {
                Raw e = entries.get(i);
                int kind = FlightRing.kind(e.meta());
                long m = FlightRing.m(e.meta());
                int reason = FlightRing.reason(e.meta());
                if (kind == FlightRing.SLICE) {
                    if (starts[i] == FlightRing.UNSTAMPED || ends[i] == FlightRing.UNSTAMPED) continue; // no read time before it
                    lastEnd = Math.max(lastEnd, ends[i]);
                    if (ends[i] < from) continue;
                    slices.add(new Trace.Slice(p, m, e.goid(), starts[i] - base, ends[i] - base,
                            FlightRecording.endReason(reason), FlightRecording.waitReason(e.arg()), placed[i]));
                    continue;
                }
                if (e.end() < from) continue;
                switch (kind) {
                    case FlightRing.SYSCALL -> syscalls.add(new Trace.Syscall(m, e.goid(), (int) e.arg(), e.start() - base, e.end() - base));
                    case FlightRing.STEAL -> steals.add(new Trace.Steal(p, m, (int) (e.arg() >>> 16), (int) (e.arg() & 0xffff), e.end() - base));
                    case FlightRing.HANDOFF -> handoffs.add(new Trace.Handoff(p, e.goid(), m, FlightRecording.handoffReason(reason), e.end() - base));
                    case FlightRing.CLOCK -> { } // only places unread slice ends
                    default -> throw new IllegalStateException("flight ring of P" + p + ": unknown entry kind " + kind);
                }
            }
        }

        /**
         * Fills {@code starts} and {@code ends} with the slices' times, unstamped boundaries spread
         * evenly between the read ones around them (the time of reading after the newest); returns
         * which slices were placed so. Boundaries with no read time before them stay UNSTAMPED.
         * An unstamped start is the same instant as the previous slice's end.
         */
        private boolean[] place(List<Raw> entries, long[] starts, long[] ends) {
            int n = entries.size();
            boolean[] placed = new boolean[n];
            // The boundaries in order: each slice's start (unless it is the previous end) and end.
            long[] times = new long[2 * n + 1];
            int[] startAt = new int[n], endAt = new int[n];
            int count = 0;
            for (int i = 0; i < n; i++) {
                Raw e = entries.get(i);
                int kind = FlightRing.kind(e.meta());
                if (kind != FlightRing.SLICE) {
                    startAt[i] = endAt[i] = -1;
                    if (kind == FlightRing.CLOCK) times[count++] = e.end(); // a read time between two slices
                    continue;
                }
                if (e.start() == FlightRing.UNSTAMPED && count > 0 && times[count - 1] == FlightRing.UNSTAMPED) {
                    startAt[i] = count - 1; // the previous slice's unread end
                } else {
                    startAt[i] = count;
                    times[count++] = e.start();
                }
                endAt[i] = count;
                times[count++] = e.end();
            }
            times[count] = now; // the chain still running: its last unread end lies before now
            int known = -1;
            for (int k = 0; k < count; k++) {
                if (times[k] == FlightRing.UNSTAMPED) continue;
                if (known >= 0 && k - known > 1) {
                    interpolate(times, known, k);
                }
                known = k;
            }
            if (known >= 0 && known < count - 1) {
                interpolate(times, known, count);
            }
            for (int i = 0; i < n; i++) {
                if (startAt[i] < 0) continue;
                Raw e = entries.get(i);
                starts[i] = times[startAt[i]];
                ends[i] = times[endAt[i]];
                placed[i] = e.start() != starts[i] || e.end() != ends[i];
            }
            return placed;
        }

        private static void interpolate(long[] times, int from, int to) {
            long a = times[from], b = Math.max(a, times[to]);
            for (int k = from + 1; k < to; k++) {
                times[k] = a + (b - a) * (k - from) / (to - from);
            }
        }
    }
}

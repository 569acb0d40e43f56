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
 */
public final class FlightWindow {
    private FlightWindow() {}

    /** Whether this JVM records (-Dgmp.flightRecorder, default on). */
    public static boolean enabled() {
        return FlightRecording.ENABLED;
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
        long base = s.startNanos;
        Collector c = new Collector(base);
        if (FlightRecording.ENABLED) {
            for (P pp : s.allp()) {
                c.p = pp.id;
                c.latestEnd = Long.MIN_VALUE;
                pp.flight.readSince(from, c);
                addOpenSlice(pp, c, now);
            }
            c.p = -1;
            s.flightWithoutP.readSince(from, c);
        }
        c.slices.sort(Comparator.comparingLong(Trace.Slice::startNanos));
        c.syscalls.sort(Comparator.comparingLong(Trace.Syscall::startNanos));
        c.steals.sort(Comparator.comparingLong(Trace.Steal::atNanos));
        c.handoffs.sort(Comparator.comparingLong(Trace.Handoff::atNanos));
        return new Trace(Math.max(0, from - base), now - base, s.gomaxprocs(), c.slices, c.syscalls, c.steals, c.handoffs);
    }

    /** The slice running on {@code pp} now, if one began after the P's last record ended. */
    private static void addOpenSlice(P pp, Collector c, long now) {
        M m = pp.m;
        G g = m == null ? null : m.curg;
        long start = pp.flight.openStart();
        if (g == null || m.p != pp || g.goid != pp.flight.openGoid() || start < c.latestEnd || start == 0
                || start > now) { // began after the window was taken
            return;
        }
        c.slices.add(new Trace.Slice(pp.id, m.id, g.goid, start - c.base, now - c.base, FlightRecording.endReason(0), ""));
    }

    private static final class Collector implements FlightRing.Visitor {
        final long base;
        int p;
        long latestEnd;
        final List<Trace.Slice> slices = new ArrayList<>();
        final List<Trace.Syscall> syscalls = new ArrayList<>();
        final List<Trace.Steal> steals = new ArrayList<>();
        final List<Trace.Handoff> handoffs = new ArrayList<>();

        Collector(long base) {
            this.base = base;
        }

        @Override
        public void entry(long start, long end, long goid, long meta, long arg) {
            latestEnd = Math.max(latestEnd, end);
            long m = FlightRing.m(meta);
            int reason = FlightRing.reason(meta);
            switch (FlightRing.kind(meta)) {
                case FlightRing.SLICE -> slices.add(new Trace.Slice(p, m, goid, start - base, end - base,
                        FlightRecording.endReason(reason), FlightRecording.waitReason(arg)));
                case FlightRing.SYSCALL -> syscalls.add(new Trace.Syscall(m, goid, (int) arg, start - base, end - base));
                case FlightRing.STEAL -> steals.add(new Trace.Steal(p, m, (int) (arg >>> 32), (int) arg, end - base));
                case FlightRing.HANDOFF -> handoffs.add(new Trace.Handoff(p, goid, m, FlightRecording.handoffReason(reason), end - base));
                default -> throw new IllegalStateException("flight ring of P" + p + ": unknown entry kind " + FlightRing.kind(meta));
            }
        }
    }
}

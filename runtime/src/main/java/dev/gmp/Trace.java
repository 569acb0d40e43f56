package dev.gmp;

import java.io.IOException;
import java.util.List;

/**
 * A window of the flight recorder ({@link FlightRecorder#last}): what every P ran, and when, in the
 * last moments. Times are nanoseconds since the scheduler started ({@code System.nanoTime} based).
 *
 * @param fromNanos  the window's start
 * @param toNanos    the window's end (when it was taken)
 * @param gomaxprocs the number of live Ps when it was taken
 * @param slices     time slices, each on one P (or, for an M that had lost its P, on no P: {@code p == -1})
 * @param syscalls   syscalls, each on the M that made it
 * @param steals     Gs taken from another P's queue
 * @param handoffs   Ps passed from one M (or the idle list) to another M
 */
public record Trace(long fromNanos, long toNanos, int gomaxprocs, List<Slice> slices, List<Syscall> syscalls,
                    List<Steal> steals, List<Handoff> handoffs) {

    public Trace {
        slices = List.copyOf(slices);
        syscalls = List.copyOf(syscalls);
        steals = List.copyOf(steals);
        handoffs = List.copyOf(handoffs);
    }

    /**
     * G {@code goid} ran on P {@code p} (held by M {@code m}) from {@code startNanos} to {@code
     * endNanos}, and then {@code end}: {@code park} (blocked; {@code waitReason} says on what),
     * {@code yield}, {@code preempt} (yielded at a preemption point sysmon asked for), {@code syscall}
     * (entered a blocking call: the rest is a {@link Syscall} on its M), {@code exit}, or
     * {@code running} (still running when the window was taken). {@code approximate}: a slice of a
     * runnext chain whose start or end the scheduler did not time (it reads the clock every 64th
     * slice of such a chain), placed evenly between the nearest timed ones.
     */
    public record Slice(int p, long m, long goid, long startNanos, long endNanos, String end, String waitReason,
                        boolean approximate) {}

    /** M {@code m} was blocked in a syscall of G {@code goid}, made while it held P {@code p}. */
    public record Syscall(long m, long goid, int p, long startNanos, long endNanos) {}

    /** The M holding P {@code p} took {@code count} Gs from P {@code victim}'s queue. */
    public record Steal(int p, long m, int victim, int count, long atNanos) {}

    /** P {@code p} went from M {@code fromM} (-1: from the idle list) to M {@code toM}, for {@code reason}. */
    public record Handoff(int p, long fromM, long toM, String reason, long atNanos) {}

    /**
     * Writes this window in the Chrome Trace Event Format ({@code {"traceEvents":[...]}}), which
     * Perfetto UI and chrome://tracing open: one track per P, one per M seen in a syscall, slices as
     * complete events with microsecond timestamps, steals and handoffs as instant events.
     */
    public void writeChromeJson(Appendable out) throws IOException {
        ChromeTraceWriter.write(this, out);
    }
}

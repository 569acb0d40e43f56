package dev.gmp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * Writes a {@link Trace} in the Chrome Trace Event Format (the JSON object form), JDK only. Tracks:
 * process 1 "gmp Ps" with one thread per P ({@code tid} = the P's id, named {@code P0}, {@code P1}...),
 * process 2 "gmp Ms" with one thread per M that made a syscall or ran without a P ({@code tid} = the
 * M's id). Slices and syscalls are complete events ({@code "ph":"X"}); steals and handoffs are
 * thread-scoped instant events ({@code "ph":"i"}). Timestamps and durations are microseconds since
 * the scheduler started, with nanosecond decimals; each track's events are written in time order.
 */
final class ChromeTraceWriter {
    private ChromeTraceWriter() {}

    static final int PS_PID = 1, MS_PID = 2;

    /** One event, for sorting a track's events by time before writing them. */
    private record Event(int pid, long tid, long ts, String json) {}

    static void write(Trace trace, Appendable out) throws IOException {
        List<Event> events = new ArrayList<>();
        TreeSet<Integer> ps = new TreeSet<>();
        TreeSet<Long> ms = new TreeSet<>();
        for (int p = 0; p < trace.gomaxprocs(); p++) ps.add(p);
        for (Trace.Slice s : trace.slices()) {
            String args = "{\"goid\":" + s.goid() + ",\"m\":" + s.m() + ",\"p\":" + s.p() + ",\"end\":" + quote(s.end())
                    + ",\"waitReason\":" + quote(s.waitReason()) + (s.approximate() ? ",\"approximate\":true" : "") + "}";
            if (s.p() >= 0) {
                ps.add(s.p());
                events.add(complete(PS_PID, s.p(), "G" + s.goid(), "slice", s.startNanos(), s.endNanos(), args));
            } else {
                ms.add(s.m());
                events.add(complete(MS_PID, s.m(), "G" + s.goid(), "slice", s.startNanos(), s.endNanos(), args));
            }
        }
        for (Trace.Syscall s : trace.syscalls()) {
            ms.add(s.m());
            events.add(complete(MS_PID, s.m(), "syscall G" + s.goid(), "syscall", s.startNanos(), s.endNanos(),
                    "{\"goid\":" + s.goid() + ",\"m\":" + s.m() + ",\"leftP\":" + s.p() + "}"));
        }
        for (Trace.Steal s : trace.steals()) {
            ps.add(s.p());
            events.add(instant(PS_PID, s.p(), "steal " + s.count() + " from P" + s.victim(), "steal", s.atNanos(),
                    "{\"m\":" + s.m() + ",\"victim\":" + s.victim() + ",\"count\":" + s.count() + "}"));
        }
        for (Trace.Handoff h : trace.handoffs()) {
            ps.add(h.p());
            events.add(instant(PS_PID, h.p(), "handoff to M" + h.toM(), "handoff", h.atNanos(),
                    "{\"fromM\":" + h.fromM() + ",\"toM\":" + h.toM() + ",\"reason\":" + quote(h.reason()) + "}"));
        }
        events.sort(Comparator.comparingInt(Event::pid).thenComparingLong(Event::tid).thenComparingLong(Event::ts));

        out.append("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[");
        boolean first = true;
        first = meta(out, first, PS_PID, 0, "process_name", "gmp Ps");
        first = meta(out, first, MS_PID, 0, "process_name", "gmp Ms (syscalls, no P)");
        for (int p : ps) {
            first = meta(out, first, PS_PID, p, "thread_name", "P" + p);
            first = sortIndex(out, first, PS_PID, p);
        }
        for (long m : ms) {
            first = meta(out, first, MS_PID, m, "thread_name", "M" + m);
            first = sortIndex(out, first, MS_PID, m);
        }
        for (Event e : events) {
            if (!first) out.append(',');
            first = false;
            out.append('\n').append(e.json());
        }
        out.append("\n]}\n");
    }

    private static Event complete(int pid, long tid, String name, String cat, long start, long end, String args) {
        return new Event(pid, tid, start, "{\"name\":" + quote(name) + ",\"cat\":\"" + cat + "\",\"ph\":\"X\",\"ts\":"
                + micros(start) + ",\"dur\":" + micros(Math.max(0, end - start)) + ",\"pid\":" + pid + ",\"tid\":" + tid
                + ",\"args\":" + args + "}");
    }

    private static Event instant(int pid, long tid, String name, String cat, long at, String args) {
        return new Event(pid, tid, at, "{\"name\":" + quote(name) + ",\"cat\":\"" + cat + "\",\"ph\":\"i\",\"s\":\"t\",\"ts\":"
                + micros(at) + ",\"pid\":" + pid + ",\"tid\":" + tid + ",\"args\":" + args + "}");
    }

    private static boolean meta(Appendable out, boolean first, int pid, long tid, String what, String name) throws IOException {
        if (!first) out.append(',');
        out.append("\n{\"name\":\"").append(what).append("\",\"ph\":\"M\",\"pid\":").append(String.valueOf(pid))
                .append(",\"tid\":").append(String.valueOf(tid)).append(",\"args\":{\"name\":").append(quote(name)).append("}}");
        return false;
    }

    private static boolean sortIndex(Appendable out, boolean first, int pid, long tid) throws IOException {
        if (!first) out.append(',');
        out.append("\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":").append(String.valueOf(pid))
                .append(",\"tid\":").append(String.valueOf(tid)).append(",\"args\":{\"sort_index\":")
                .append(String.valueOf(tid)).append("}}");
        return false;
    }

    /** Nanoseconds as microseconds with three decimals: exact, no floating point. */
    static String micros(long nanos) {
        long abs = Math.abs(nanos);
        String frac = String.valueOf(1000 + abs % 1000).substring(1);
        return (nanos < 0 ? "-" : "") + abs / 1000 + "." + frac;
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}

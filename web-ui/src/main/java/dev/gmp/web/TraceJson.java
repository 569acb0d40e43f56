package dev.gmp.web;

import dev.gmp.Gmp;
import dev.gmp.Trace;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A flight-recorder window as the dashboard's timeline draws it: one lane per P, one per M seen in a
 * syscall or without a P. Entries are arrays, not objects, to keep a window of tens of thousands of
 * slices small; times are nanoseconds since the scheduler started.
 *
 * <pre>{@code
 * {"enabled":true, "bytesPerP":393216, "fromNanos":..., "toNanos":..., "gomaxprocs":2,
 *  "ps":[{"p":0, "slices":[[start,end,goid,m,"end","waitReason",approximate],...],
 *         "steals":[[at,victimP,count,m],...], "handoffs":[[at,fromM,toM,"reason"],...]}, ...],
 *  "ms":[{"m":3, "syscalls":[[start,end,goid,leftP],...], "slices":[...as above...]}, ...]}
 * }</pre>
 * {@code approximate} is 1 for a slice whose times were placed between timed ones (see
 * {@link Trace.Slice}), else 0.
 * <pre>{@code
 * }</pre>
 */
final class TraceJson {
    private TraceJson() {}

    static String write(Trace t) {
        JsonWriter w = new JsonWriter(1024 + t.slices().size() * 48);
        w.beginObject()
                .name("enabled").value(Gmp.flightRecorder().enabled())
                .field("bytesPerP", Gmp.flightRecorder().bytesPerP())
                .field("fromNanos", t.fromNanos())
                .field("toNanos", t.toNanos())
                .field("gomaxprocs", t.gomaxprocs());
        Map<Integer, List<Trace.Slice>> slicesByP = group(t.slices().stream().filter(s -> s.p() >= 0).toList(), Trace.Slice::p);
        Map<Integer, List<Trace.Steal>> stealsByP = group(t.steals(), Trace.Steal::p);
        Map<Integer, List<Trace.Handoff>> handoffsByP = group(t.handoffs(), Trace.Handoff::p);
        w.name("ps").beginArray();
        int lanes = Math.max(t.gomaxprocs(), slicesByP.keySet().stream().mapToInt(p -> p + 1).max().orElse(0)); // dead Ps too
        for (int p = 0; p < lanes; p++) {
            w.beginObject().field("p", p);
            slices(w, slicesByP.getOrDefault(p, List.of()));
            w.name("steals").beginArray();
            for (Trace.Steal s : stealsByP.getOrDefault(p, List.of())) {
                w.beginArray().value(s.atNanos()).value(s.victim()).value(s.count()).value(s.m()).endArray();
            }
            w.endArray().name("handoffs").beginArray();
            for (Trace.Handoff h : handoffsByP.getOrDefault(p, List.of())) {
                w.beginArray().value(h.atNanos()).value(h.fromM()).value(h.toM()).value(h.reason()).endArray();
            }
            w.endArray().endObject();
        }
        w.endArray();
        Map<Long, List<Trace.Syscall>> syscallsByM = group(t.syscalls(), Trace.Syscall::m);
        Map<Long, List<Trace.Slice>> withoutPByM = group(t.slices().stream().filter(s -> s.p() < 0).toList(), Trace.Slice::m);
        TreeSet<Long> ms = new TreeSet<>(syscallsByM.keySet());
        ms.addAll(withoutPByM.keySet());
        w.name("ms").beginArray();
        for (long m : ms) {
            w.beginObject().field("m", m).name("syscalls").beginArray();
            for (Trace.Syscall s : syscallsByM.getOrDefault(m, List.of())) {
                w.beginArray().value(s.startNanos()).value(s.endNanos()).value(s.goid()).value(s.p()).endArray();
            }
            w.endArray();
            slices(w, withoutPByM.getOrDefault(m, List.of()));
            w.endObject();
        }
        return w.endArray().endObject().toString();
    }

    private static void slices(JsonWriter w, List<Trace.Slice> slices) {
        w.name("slices").beginArray();
        for (Trace.Slice s : slices) {
            w.beginArray().value(s.startNanos()).value(s.endNanos()).value(s.goid()).value(s.m())
                    .value(s.end()).value(s.waitReason()).value(s.approximate() ? 1 : 0).endArray();
        }
        w.endArray();
    }

    private static <K, V> Map<K, List<V>> group(List<V> items, Function<V, K> key) {
        return items.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.toList()));
    }
}

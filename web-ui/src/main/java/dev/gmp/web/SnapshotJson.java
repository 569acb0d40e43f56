package dev.gmp.web;

import dev.gmp.Snapshot;
import dev.gmp.Snapshot.Goroutines;
import dev.gmp.Snapshot.Histogram;
import dev.gmp.Snapshot.Machine;
import dev.gmp.Snapshot.Proc;
import dev.gmp.Snapshot.Totals;

/**
 * {@link Snapshot} as JSON, with the record's component names as keys and enum constants as
 * strings. {@code goroutines.total} is added so clients need not sum the states themselves.
 */
final class SnapshotJson {
    private SnapshotJson() {}

    static String write(Snapshot s) {
        JsonWriter w = new JsonWriter(256 + 160 * s.procs().size() + 48 * s.machines().size());
        w.beginObject()
                .field("uptimeMillis", s.uptimeMillis())
                .field("gomaxprocs", s.gomaxprocs())
                .field("runqCapacity", s.runqCapacity());
        w.name("procs").beginArray();
        for (Proc p : s.procs()) {
            w.beginObject()
                    .field("id", p.id())
                    .field("status", p.status().name())
                    .field("runqueue", p.runqueue())
                    .field("runnext", p.runnext())
                    .field("current", p.current())
                    .field("m", p.m())
                    .field("schedtick", p.schedtick())
                    .field("syscalltick", p.syscalltick())
                    .field("stealsIn", p.stealsIn())
                    .field("stealsOut", p.stealsOut());
            histogram(w.name("schedLatency"), p.schedLatency());
            histogram(w.name("slices"), p.slices());
            w.endObject();
        }
        w.endArray();
        w.field("globalRunqueue", s.globalRunqueue());
        w.name("machines").beginArray();
        for (Machine m : s.machines()) {
            w.beginObject().field("id", m.id()).field("state", m.state().name()).field("p", m.p()).endObject();
        }
        w.endArray();
        Goroutines g = s.goroutines();
        w.name("goroutines").beginObject()
                .field("running", g.running())
                .field("runnable", g.runnable())
                .field("waiting", g.waiting())
                .field("syscall", g.syscall())
                .field("total", g.total())
                .endObject();
        Totals t = s.totals();
        w.name("totals").beginObject()
                .field("created", t.created())
                .field("finished", t.finished())
                .field("switches", t.switches())
                .field("parks", t.parks())
                .field("yields", t.yields())
                .field("steals", t.steals())
                .field("syscalls", t.syscalls())
                .field("handoffs", t.handoffs())
                .field("retakes", t.retakes())
                .field("longRunning", t.longRunning())
                .field("threadLimitHits", t.threadLimitHits())
                .field("timersFired", t.timersFired())
                .field("mWakeUps", t.mWakeUps())
                .field("mWakeUpsWhileSpinning", t.mWakeUpsWhileSpinning())
                .endObject();
        histogram(w.name("schedLatency"), s.schedLatency());
        histogram(w.name("slices"), s.slices());
        w.field("deadlock", s.deadlock());
        return w.endObject().toString();
    }

    /** Bounds and per-bucket counts (not cumulative; one more count than bounds: the last is +Inf). */
    private static void histogram(JsonWriter w, Histogram h) {
        w.beginObject().name("upperBoundsNanos").beginArray();
        for (long bound : h.upperBoundsNanos()) w.value(bound);
        w.endArray().name("counts").beginArray();
        for (long count : h.counts()) w.value(count);
        w.endArray().field("sumNanos", h.sumNanos()).field("count", h.count()).endObject();
    }
}

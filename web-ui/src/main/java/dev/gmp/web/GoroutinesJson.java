package dev.gmp.web;

import dev.gmp.GoroutineGroup;
import java.util.List;

/**
 * Goroutine groups (Go's goroutine profile, debug=1) as JSON:
 * {@code {"total": n, "groups": [{"count", "state", "waitReason", "stack": [...], "goids": [...]}]}}.
 */
final class GoroutinesJson {
    private GoroutinesJson() {}

    static String write(List<GoroutineGroup> groups) {
        JsonWriter w = new JsonWriter(1024 * (1 + groups.size()));
        long total = 0;
        for (GoroutineGroup g : groups) {
            total += g.count();
        }
        w.beginObject().field("total", total);
        w.name("groups").beginArray();
        for (GoroutineGroup g : groups) {
            w.beginObject()
                    .field("count", g.count())
                    .field("state", g.state())
                    .field("waitReason", g.waitReason());
            w.name("stack").beginArray();
            for (String frame : g.stack()) {
                w.value(frame);
            }
            w.endArray();
            w.name("goids").beginArray();
            for (long goid : g.goids()) {
                w.value(goid);
            }
            w.endArray();
            w.endObject();
        }
        return w.endArray().endObject().toString();
    }
}

package dev.gmp.web;

import dev.gmp.Gmp;
import dev.gmp.GoroutineRow;
import dev.gmp.GoroutineSort;
import dev.gmp.SchedWarning;
import dev.gmp.sched.GoroutineTable;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The goroutine table's endpoints (tokio-console's task view):
 * <ul>
 *   <li>{@code GET /api/goroutines/table?sort=&limit=&state=}: the top {@code limit} (1 to 500,
 *       default 100) goroutines by {@code sort} (default id), of one {@code state} if given;</li>
 *   <li>{@code GET /api/goroutines/{goid}/stack}: one goroutine's stack, walked on request;</li>
 *   <li>{@code GET /api/warnings}: long-running slices and goroutines runnable too long.</li>
 * </ul>
 * Bad parameters are 400s naming what was wrong and what is valid.
 */
final class GoroutineTableApi {
    static final int DEFAULT_LIMIT = 100;

    private GoroutineTableApi() {}

    static String table(Context ctx) {
        GoroutineSort sort = sort(ctx.queryParam("sort"));
        int limit = limit(ctx.queryParam("limit"));
        String state = state(ctx.queryParam("state"));
        List<GoroutineRow> rows = Gmp.goroutineTable(sort, limit, state);
        JsonWriter w = new JsonWriter(256 + 256 * rows.size());
        w.beginObject().field("sort", sort.name().toLowerCase(Locale.ROOT)).field("limit", limit)
                .field("state", state == null ? "" : state);
        w.name("rows").beginArray();
        for (GoroutineRow r : rows) {
            w.beginObject().field("goid", r.goid()).field("state", r.state()).field("waitReason", r.waitReason())
                    .field("ageNanos", r.ageNanos()).field("runnableNanos", r.runnableNanos())
                    .field("runningNanos", r.runningNanos()).field("waitingNanos", r.waitingNanos())
                    .field("slices", r.slices()).field("wakeups", r.wakeups()).field("topFrame", r.topFrame())
                    .endObject();
        }
        return w.endArray().endObject().toString();
    }

    static String stack(Context ctx) {
        String text = ctx.pathParam("goid");
        long goid;
        try {
            goid = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new HttpResponseException(400, "goid must be a goroutine id (a positive integer); got \""
                    + GomaxprocsControl.printable(text) + "\"");
        }
        Optional<List<String>> stack = Gmp.goroutineStack(goid);
        if (stack.isEmpty()) {
            throw new HttpResponseException(404, "no live goroutine " + goid + " (it may have ended)");
        }
        JsonWriter w = new JsonWriter(1024).beginObject().field("goid", goid);
        w.name("stack").beginArray();
        for (String frame : stack.get()) w.value(frame);
        return w.endArray().endObject().toString();
    }

    static String warnings() {
        List<SchedWarning> recent = Gmp.warnings();
        JsonWriter w = new JsonWriter(512 + 2048 * recent.size()).beginObject();
        w.name("counts").beginObject();
        for (SchedWarning.Kind kind : SchedWarning.Kind.values()) {
            w.field(kind.name().toLowerCase(Locale.ROOT), Gmp.warningCount(kind));
        }
        w.endObject();
        w.name("recent").beginArray();
        for (SchedWarning x : recent) {
            w.beginObject().field("kind", x.kind().name().toLowerCase(Locale.ROOT)).field("goid", x.goid())
                    .field("p", x.p()).field("durationNanos", x.durationNanos()).field("epochMillis", x.epochMillis());
            w.name("stack").beginArray();
            for (String frame : x.stack()) w.value(frame);
            w.endArray().endObject();
        }
        return w.endArray().endObject().toString();
    }

    private static GoroutineSort sort(String text) {
        if (text == null || text.isEmpty()) {
            return GoroutineSort.ID;
        }
        try {
            return GoroutineSort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new HttpResponseException(400, "sort: unknown key \"" + GomaxprocsControl.printable(text) + "\"; valid: "
                    + GoroutineSort.validNames());
        }
    }

    private static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        String valid = "limit must be an integer from 1 to " + GoroutineTable.MAX_ROWS;
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= GoroutineTable.MAX_ROWS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the valid range
        }
        throw new HttpResponseException(400, valid + "; got \"" + GomaxprocsControl.printable(text) + "\"");
    }

    private static String state(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        if (!GoroutineTable.STATES.contains(text)) {
            throw new HttpResponseException(400, "state: unknown \"" + GomaxprocsControl.printable(text) + "\"; valid: "
                    + String.join(", ", GoroutineTable.STATES) + " (or none for all)");
        }
        return text;
    }
}

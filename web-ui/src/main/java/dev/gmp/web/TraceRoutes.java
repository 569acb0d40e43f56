package dev.gmp.web;

import dev.gmp.Gmp;
import dev.gmp.Trace;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The flight recorder's two endpoints: {@code GET /api/trace?ms=N} (the dashboard's timeline: per-P
 * lanes of slices and events, JSON) and {@code GET /api/trace.json?ms=N} (the same window in the
 * Chrome Trace Event Format, as a download for Perfetto UI or chrome://tracing). Reading a window
 * never starts the scheduler.
 */
final class TraceRoutes {
    static final long MIN_MS = 1, MAX_MS = 60_000, DEFAULT_MS = 1_000;

    private TraceRoutes() {}

    static void register(RoutesConfig routes) {
        routes.get("/api/trace", ctx -> ctx.header("Cache-Control", "no-store").contentType(ApiRoutes.JSON)
                .result(TraceJson.write(window(ctx))));
        routes.get("/api/trace.json", ctx -> {
            Trace trace = window(ctx); // first: a bad ms is a 400 before anything is written
            ctx.header("Cache-Control", "no-store")
                    .header("Content-Disposition", "attachment; filename=\"gmp-trace.json\"")
                    .contentType(ApiRoutes.JSON);
            // Streamed: a window of many busy Ps is megabytes.
            Writer out = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8));
            trace.writeChromeJson(out);
            out.flush();
        });
    }

    private static Trace window(Context ctx) {
        return Gmp.flightRecorder().last(Duration.ofMillis(windowMillis(ctx.queryParam("ms"))));
    }

    /** The {@code ms} parameter: absent means {@value #DEFAULT_MS}; else a 400 naming what was wrong and what is valid. */
    static long windowMillis(String ms) {
        if (ms == null) {
            return DEFAULT_MS;
        }
        String valid = "ms must be an integer from " + MIN_MS + " to " + MAX_MS + " (milliseconds of trace to return, default "
                + DEFAULT_MS + ")";
        long n;
        try {
            n = Long.parseLong(ms.strip());
        } catch (NumberFormatException e) {
            throw new HttpResponseException(400, valid + "; got \"" + GomaxprocsControl.printable(ms) + "\"");
        }
        if (n < MIN_MS || n > MAX_MS) {
            throw new HttpResponseException(400, valid + "; got " + n);
        }
        return n;
    }
}

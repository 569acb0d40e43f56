package dev.gmp.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.MethodNotAllowedResponse;
import io.javalin.http.NotFoundResponse;

/**
 * Every error is a short plain-text line: the status, what was wrong, what would work. Never a
 * stack trace, never an HTML page: the dashboard's clients are scripts and curl as much as browsers.
 */
final class ErrorResponses {
    static final String ENDPOINTS = "/ (the dashboard), /api/snapshot, /api/goroutines, /api/goroutines/table, "
            + "/api/goroutines/{goid}/stack, /api/warnings, /api/schedtrace, "
            + "/api/gomaxprocs, /api/trace, /api/trace.json, /metrics, /api/stream (WebSocket)";

    private ErrorResponses() {}

    static void register(RoutesConfig routes) {
        routes.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            if (e instanceof NotFoundResponse) { // no such route (an endpoint's own 404 keeps its message)
                plain(ctx, 404, "not found: no dashboard page or API at " + printablePath(ctx) + ". Try " + ENDPOINTS);
            } else if (status == 413) {
                plain(ctx, 413, "request body too large: at most " + GomaxprocsControl.MAX_BODY_BYTES + " bytes");
            } else if (e instanceof MethodNotAllowedResponse) {
                String allowed = String.join(", ", e.getDetails().values());
                ctx.header("Allow", allowed);
                plain(ctx, 405, "method " + ctx.method() + " not allowed on " + printablePath(ctx) + "; allowed: " + allowed);
            } else {
                plain(ctx, status, e.getMessage());
            }
        });
        routes.exception(Exception.class, (e, ctx) -> {
            Dashboard.warn("dashboard request " + ctx.method() + " " + printablePath(ctx) + " failed: " + e);
            plain(ctx, 500, "internal error in the gmp dashboard; the server's stderr has the details");
        });
    }

    private static void plain(Context ctx, int status, String message) {
        ctx.status(status).contentType(ApiRoutes.TEXT).result(status + " " + message + "\n");
    }

    /** The request path, cut to 100 characters and stripped of control characters, to echo in one line. */
    private static String printablePath(Context ctx) {
        String path = ctx.path();
        String cut = path.length() > 100 ? path.substring(0, 100) + "..." : path;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}

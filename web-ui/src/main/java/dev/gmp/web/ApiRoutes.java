package dev.gmp.web;

import dev.gmp.Gmp;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;

/** The dashboard's HTTP and WebSocket endpoints. Every read endpoint leaves an unstarted scheduler unstarted. */
final class ApiRoutes {
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    private ApiRoutes() {}

    static void register(RoutesConfig routes, SnapshotStream stream, GomaxprocsControl control) {
        routes.get("/api/snapshot", ctx -> reply(ctx, JSON, SnapshotJson.write(Gmp.snapshot())));
        routes.get("/api/goroutines", ctx -> reply(ctx, JSON,
                GoroutinesJson.write(Gmp.goroutines("1".equals(ctx.queryParam("system"))))));
        routes.get("/api/goroutines/table", ctx -> reply(ctx, JSON, GoroutineTableApi.table(ctx)));
        routes.get("/api/goroutines/{goid}/stack", ctx -> reply(ctx, JSON, GoroutineTableApi.stack(ctx)));
        routes.get("/api/warnings", ctx -> reply(ctx, JSON, GoroutineTableApi.warnings()));
        routes.get("/api/schedtrace", ctx -> reply(ctx, TEXT, schedtrace()));
        routes.get("/metrics", ctx -> reply(ctx, PrometheusText.CONTENT_TYPE, PrometheusText.write(Gmp.snapshot())));
        routes.get("/api/gomaxprocs", ctx -> reply(ctx, JSON, new JsonWriter(64).beginObject()
                .field("gomaxprocs", Gmp.gomaxprocs())
                .name("control").value(control.enabled())
                .endObject().toString()));
        routes.post("/api/gomaxprocs", control::handle);
        TraceRoutes.register(routes);
        routes.ws("/api/stream", ws -> {
            ws.onConnect(ctx -> {
                if (!SameOrigin.allowed(ctx.header("Origin"), ctx.header("Host"))) {
                    ctx.session.close(StatusCode.POLICY_VIOLATION, "cross-origin stream refused", Callback.NOOP);
                    return;
                }
                stream.connect(ctx.session);
            });
            ws.onClose(ctx -> stream.disconnect(ctx.session));
            ws.onError(ctx -> stream.disconnect(ctx.session));
        });
    }

    /** Go's SCHED line (all idle before the first goroutine; asking does not start the scheduler). */
    static String schedtrace() {
        return Gmp.schedtrace() + "\n";
    }

    private static void reply(Context ctx, String contentType, String body) {
        ctx.header("Cache-Control", "no-store").contentType(contentType).result(body);
    }
}

package dev.gmp.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/**
 * Refuses browser requests made by another site's page. Browsers send {@code Origin} on POSTs
 * and WebSocket handshakes; a page from elsewhere could otherwise drive a dashboard on
 * localhost. Requests without {@code Origin} (curl, scrapers, tests) are not from a page and pass.
 */
final class SameOrigin {
    private SameOrigin() {}

    static void require(Context ctx) {
        if (!allowed(ctx.header("Origin"), ctx.header("Host"))) {
            throw new HttpResponseException(403,
                    "cross-origin request refused: the page at " + ctx.header("Origin")
                            + " is not this dashboard (" + ctx.header("Host") + ")");
        }
    }

    /** True when there is no Origin, or when it names the same host and port the request was sent to. */
    static boolean allowed(String origin, String host) {
        if (origin == null) {
            return true;
        }
        if (host == null) {
            return false;
        }
        return origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host);
    }
}

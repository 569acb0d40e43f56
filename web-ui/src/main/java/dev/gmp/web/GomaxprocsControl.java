package dev.gmp.web;

import dev.gmp.Gmp;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;

/**
 * {@code POST /api/gomaxprocs}: the only request that changes the scheduler. The body is the new
 * GOMAXPROCS as a decimal integer ({@code curl --data 8 http://127.0.0.1:PORT/api/gomaxprocs}).
 * Refused with 403 unless the dashboard was started with control on, and refused for requests
 * from another origin's page (a browser lets any site POST text to localhost).
 */
final class GomaxprocsControl {
    static final int MIN = 1;
    /** Far above any real core count; a typo such as 80000 must not create 80000 Ps. */
    static final int MAX = 1024;
    static final int MAX_BODY_BYTES = 4096;

    private final boolean enabled;

    GomaxprocsControl(boolean enabled) {
        this.enabled = enabled;
    }

    boolean enabled() {
        return enabled;
    }

    void handle(Context ctx) {
        if (!enabled) {
            throw new HttpResponseException(403,
                    "control is off: this dashboard is read-only. Start it with control on "
                            + "(agent option control=on, or Dashboard.start(host, port, true)) to change GOMAXPROCS.");
        }
        SameOrigin.require(ctx);
        int n = parse(ctx.body());
        int previous = Gmp.gomaxprocs(n);
        ctx.contentType(ApiRoutes.JSON).result(
                new JsonWriter(64).beginObject().field("previous", previous).field("gomaxprocs", n).endObject().toString());
    }

    /** The request body as a GOMAXPROCS value, or a 400 that names what was wrong and what is valid. */
    static int parse(String body) {
        String text = body.strip();
        String valid = "GOMAXPROCS must be an integer from " + MIN + " to " + MAX + ", sent as the request body";
        if (text.isEmpty()) {
            throw new HttpResponseException(400, valid + "; the body was empty");
        }
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new HttpResponseException(400, valid + "; got \"" + printable(text) + "\"");
        }
        if (n < MIN || n > MAX) {
            throw new HttpResponseException(400, valid + "; got " + n);
        }
        return n;
    }

    /** Echoes at most 40 characters of bad input, without control characters, so the reply stays one short line. */
    static String printable(String text) {
        String cut = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}

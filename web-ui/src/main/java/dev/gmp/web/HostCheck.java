package dev.gmp.web;

import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Refuses requests whose {@code Host} header names another site: the defence against DNS
 * rebinding, where a page at {@code http://evil.example:PORT/} re-resolves its own name to
 * 127.0.0.1 and then reads the dashboard as same-origin (its Origin then equals its Host, so
 * {@link SameOrigin} alone cannot tell). Checked on every request, HTTP and WebSocket upgrade.
 *
 * <p>Allowed names: {@code localhost}, the address or name the dashboard was started with (the
 * agent's {@code host=}), and any IP literal ({@code 127.0.0.1}, {@code [::1]}, the machine's
 * addresses): a page whose origin is an IP address is not rebinding a name. Any port is accepted,
 * so SSH tunnels and port forwards keep working; the name is what a rebinding page cannot fake.
 */
final class HostCheck {
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern BRACKETED_IPV6 = Pattern.compile("\\[[0-9a-fA-F:.]+(%[\\w.-]+)?]");

    private final String boundName;

    /** @param bindHost the address or name the dashboard binds, as given */
    HostCheck(String bindHost) {
        String name = bindHost.toLowerCase(Locale.ROOT);
        this.boundName = name.contains(":") && !name.startsWith("[") ? "[" + name + "]" : name;
    }

    /** Throws a 403 naming the refused Host and the allowed ones, unless {@code ctx}'s Host is allowed. */
    void require(Context ctx) {
        String host = ctx.header("Host");
        if (!allowed(host)) {
            throw new HttpResponseException(403, "Host '" + host + "' refused: this dashboard answers only to "
                    + allowedNames() + " (any port)");
        }
    }

    String allowedNames() {
        return "localhost, " + boundName + " and IP addresses such as 127.0.0.1 or [::1]";
    }

    /** True for an allowed name with or without a port; a missing Host is Jetty's to refuse (400). */
    boolean allowed(String host) {
        if (host == null) {
            return true;
        }
        String name = nameOf(host.strip().toLowerCase(Locale.ROOT));
        return name.equals("localhost") || name.equals(boundName)
                || IPV4.matcher(name).matches() || BRACKETED_IPV6.matcher(name).matches();
    }

    /** The Host header without its port: {@code [::1]:8080} → {@code [::1]}, {@code a:80} → {@code a}. */
    private static String nameOf(String host) {
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.lastIndexOf(']') > colon) {
            return host;
        }
        return host.substring(0, colon);
    }
}

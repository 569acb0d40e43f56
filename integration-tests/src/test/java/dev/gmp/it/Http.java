package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@link dev.gmp.testsupport.Http} against a forked JVM's dashboard (loopback only), and reading
 * what it says: the URL on the agent's start-up line, JSON, Prometheus samples.
 */
final class Http extends dev.gmp.testsupport.Http {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DASHBOARD_URL = Pattern.compile("dashboard (http://127\\.0\\.0\\.1:(\\d+)/)");

    private Http(URI base) {
        super(base);
    }

    /** A client for the dashboard on the agent's start-up line ({@code gmp: N procs, ..., dashboard URL, ...}). */
    static Http dashboard(String startUpLine) {
        Matcher m = DASHBOARD_URL.matcher(startUpLine);
        assertTrue(m.find(), () -> "no dashboard URL on the start-up line: " + startUpLine);
        assertTrue(Integer.parseInt(m.group(2)) > 0, () -> "the start-up line must show the bound port: " + startUpLine);
        return new Http(URI.create(m.group(1)));
    }

    /** {@code GET path} that must answer 200 with JSON. */
    JsonNode getJson(String path) throws IOException {
        HttpResponse<String> r = get(path);
        assertTrue(r.statusCode() == 200, () -> path + " answered " + r.statusCode() + ": " + r.body());
        return JSON.readTree(r.body());
    }

    static JsonNode parseJson(String text) throws IOException {
        return JSON.readTree(text);
    }

    /**
     * The value of an unlabelled sample in Prometheus text ({@code name value}); fails when the
     * exposition has no such line.
     */
    static double metric(String exposition, String name) {
        for (String line : exposition.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Double.parseDouble(line.substring(name.length() + 1).strip());
            }
        }
        throw new AssertionError("no sample " + name + " in:\n" + exposition);
    }
}

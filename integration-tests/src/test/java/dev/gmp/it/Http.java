package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Plain HTTP against a forked JVM's dashboard (loopback only), and reading what it says. */
final class Http {
    private Http() {}

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(REQUEST_TIMEOUT)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DASHBOARD_URL = Pattern.compile("dashboard (http://127\\.0\\.0\\.1:(\\d+)/)");

    /** The dashboard URL on the agent's start-up line ({@code gmp: N procs, ..., dashboard URL, ...}). */
    static URI dashboardUrl(String startUpLine) {
        Matcher m = DASHBOARD_URL.matcher(startUpLine);
        assertTrue(m.find(), () -> "no dashboard URL on the start-up line: " + startUpLine);
        assertTrue(Integer.parseInt(m.group(2)) > 0, () -> "the start-up line must show the bound port: " + startUpLine);
        return URI.create(m.group(1));
    }

    static HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> post(URI base, String path, String body) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code GET path} that must answer 200 with JSON. */
    static JsonNode getJson(URI base, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = get(base, path);
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

package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmp.testsupport.Http;
import java.io.IOException;
import java.net.http.HttpResponse;

/**
 * A started scheduler with one known parked goroutine, watched by a read-only dashboard on an
 * ephemeral loopback port: the fixture of the API tests.
 */
final class WatchedScheduler implements AutoCloseable {
    final ParkedGoroutine parked = new ParkedGoroutine(); // also starts the scheduler
    final Dashboard dashboard = Dashboard.start("127.0.0.1", 0);
    final Http http = Http.loopback(dashboard.port());

    /** GET {@code path}: must be a 200 with a JSON body, returned parsed. */
    JsonNode getJson(String path) throws IOException {
        HttpResponse<String> reply = http.get(path);
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(reply.body());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public void close() {
        http.close();
        dashboard.stop();
        parked.close();
    }
}

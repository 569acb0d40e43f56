package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmp.Chan;
import dev.gmp.Gmp;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * /api/trace (the timeline's lanes) and /api/trace.json (the Chrome Trace Event Format download),
 * and the format of every trace the flight recorder writes, checked by a JSON parser.
 */
class TraceApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WatchedScheduler watched;

    @BeforeAll
    static void start() throws Exception {
        watched = new WatchedScheduler();
        busyPingPongs(200);
    }

    @AfterAll
    static void stop() {
        watched.close();
    }

    /** Four channel ping-pongs of {@code rounds} round trips each, with yields and a syscall: many slices on every P. */
    static void busyPingPongs(int rounds) throws InterruptedException {
        List<Thread> gs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Chan<Integer> ping = Chan.make(0), pong = Chan.make(0);
            gs.add(Gmp.go(() -> { for (Integer v : ping) pong.send(v); }));
            gs.add(Gmp.go(() -> {
                for (int k = 0; k < rounds; k++) {
                    ping.send(k);
                    pong.recv();
                    if (k % 16 == 0) Thread.yield();
                }
                Gmp.entersyscall();
                Gmp.exitsyscall();
                ping.close();
            }));
        }
        for (Thread g : gs) assertTrue(g.join(Duration.ofSeconds(20)));
    }

    @Test
    void traceHasALaneForEveryPWithSlicesOfGoroutinesThatRan() throws Exception {
        HttpResponse<String> reply = watched.http.get("/api/trace?ms=60000");
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode t = JSON.readTree(reply.body());
        assertTrue(t.get("enabled").asBoolean());
        assertEquals(Gmp.gomaxprocs(), t.get("gomaxprocs").asInt());
        assertTrue(t.get("ps").size() >= Gmp.gomaxprocs());
        long slices = 0;
        for (int p = 0; p < Gmp.gomaxprocs(); p++) {
            JsonNode lane = t.get("ps").get(p);
            assertEquals(p, lane.get("p").asInt());
            for (JsonNode s : lane.get("slices")) {
                assertEquals(7, s.size(), "[start,end,goid,m,end,waitReason,approximate]: " + s);
                assertTrue(s.get(1).asLong() >= s.get(0).asLong(), s.toString());
                assertTrue(t.get("toNanos").asLong() >= s.get(1).asLong() || s.get(4).asText().equals("running"));
                slices++;
            }
        }
        assertTrue(slices >= 800, "the ping-pongs ran at least 800 slices: " + slices);
        assertTrue(t.get("fromNanos").asLong() <= t.get("toNanos").asLong());
    }

    @Test
    void traceJsonIsAChromeTraceDownload() throws Exception {
        HttpResponse<String> reply = watched.http.get("/api/trace.json?ms=60000");
        assertEquals(200, reply.statusCode(), reply.body());
        assertEquals("attachment; filename=\"gmp-trace.json\"", reply.headers().firstValue("Content-Disposition").orElse(""));
        JsonNode root = ChromeTraceFormat.check(reply.body());
        assertTrue(root.get("traceEvents").size() > Gmp.gomaxprocs() * 2, "slices besides the track names");
    }

    @Test
    void theTraceAFlightRecorderWritesFollowsTheChromeTraceEventFormat() throws Exception {
        busyPingPongs(500);
        StringWriter out = new StringWriter();
        Gmp.flightRecorder().last(Duration.ofMinutes(1)).writeChromeJson(out);
        JsonNode root = ChromeTraceFormat.check(out.toString());
        boolean parkWithReason = false;
        for (JsonNode e : root.get("traceEvents")) {
            JsonNode args = e.get("args");
            parkWithReason |= "X".equals(e.get("ph").asText()) && args != null && "park".equals(args.path("end").asText())
                    && args.path("waitReason").asText().startsWith("chan ");
        }
        assertTrue(parkWithReason, "a slice parked on a channel, with its wait reason");
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "0", "-5", "60001", "1e3", ""})
    void aBadWindowIsA400NamingTheValidRange(String ms) {
        for (String path : new String[] {"/api/trace?ms=", "/api/trace.json?ms="}) {
            HttpResponse<String> reply = watched.http.get(path + ms);
            assertEquals(400, reply.statusCode(), reply.body());
            assertTrue(reply.body().contains("ms must be an integer from 1 to 60000"), reply.body());
        }
    }

    @Test
    void withoutMsTheWindowIsOneSecond() throws Exception {
        JsonNode t = JSON.readTree(watched.http.get("/api/trace").body());
        long span = t.get("toNanos").asLong() - t.get("fromNanos").asLong();
        assertTrue(span == 1_000_000_000L || t.get("fromNanos").asLong() == 0, "a 1 s window: " + span);
    }
}

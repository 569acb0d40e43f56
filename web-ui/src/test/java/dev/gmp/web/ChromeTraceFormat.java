package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks a document against the Chrome Trace Event Format as Perfetto UI and chrome://tracing read
 * it (the JSON object form), parsed by a real JSON parser: a {@code traceEvents} array whose events
 * each have {@code ph}, {@code pid} and {@code tid}; {@code ts} (microseconds) on every non-metadata
 * event and {@code dur} on complete events; timestamps non-decreasing per track; complete events
 * on one P's track never overlapping.
 */
final class ChromeTraceFormat {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The process id of the P tracks (ChromeTraceWriter.PS_PID). */
    static final int PS_PID = 1;

    private ChromeTraceFormat() {}

    /** Parses and checks {@code text}; returns the parsed document. */
    static JsonNode check(String text) throws Exception {
        JsonNode root = JSON.readTree(text);
        JsonNode events = root.get("traceEvents");
        assertNotNull(events, "no traceEvents member");
        assertTrue(events.isArray(), "traceEvents is not an array");
        Map<String, BigDecimal> lastTs = new HashMap<>();
        Map<String, BigDecimal> lastEnd = new HashMap<>();
        Set<String> named = new HashSet<>();
        for (JsonNode e : events) {
            for (String field : new String[] {"ph", "pid", "tid"}) {
                assertTrue(e.has(field), "event without " + field + ": " + e);
            }
            assertTrue(e.get("pid").isIntegralNumber() && e.get("tid").isIntegralNumber(), "pid/tid not integers: " + e);
            String ph = e.get("ph").asText();
            String track = e.get("pid").asLong() + "/" + e.get("tid").asLong();
            if (ph.equals("M")) {
                assertTrue(e.has("name") && e.get("args").has("name") || e.get("name").asText().equals("thread_sort_index"),
                        "metadata without a name: " + e);
                if (e.get("name").asText().equals("thread_name")) named.add(track);
                continue;
            }
            assertTrue(ph.equals("X") || ph.equals("i"), "unexpected phase " + ph + ": " + e);
            assertTrue(e.has("ts") && e.get("ts").isNumber(), "event without a numeric ts: " + e);
            assertTrue(named.contains(track), "event on a track not named before it: " + e);
            BigDecimal ts = e.get("ts").decimalValue();
            BigDecimal previous = lastTs.put(track, ts);
            assertTrue(previous == null || previous.compareTo(ts) <= 0,
                    "ts went back on track " + track + ": " + previous + " then " + e);
            if (ph.equals("X")) {
                assertTrue(e.has("dur") && e.get("dur").isNumber() && e.get("dur").decimalValue().signum() >= 0,
                        "complete event without a non-negative dur: " + e);
                if (e.get("pid").asInt() == PS_PID) {
                    BigDecimal end = lastEnd.get(track);
                    assertTrue(end == null || end.compareTo(ts) <= 0, "overlapping slices on P track " + track
                            + ": the previous ended at " + end + ", this one starts at " + ts + ": " + e);
                    lastEnd.put(track, ts.add(e.get("dur").decimalValue()));
                }
            }
        }
        return root;
    }
}

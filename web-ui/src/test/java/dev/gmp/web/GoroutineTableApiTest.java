package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gmp.Gmp;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** /api/goroutines/table, /api/goroutines/{goid}/stack and /api/warnings. */
class GoroutineTableApiTest {
    private static WatchedScheduler watched;

    @BeforeAll
    static void watch() {
        watched = new WatchedScheduler();
    }

    @AfterAll
    static void close() {
        watched.close();
    }

    private static JsonNode getJson(String path) throws Exception {
        return watched.getJson(path);
    }

    private static JsonNode rowOf(JsonNode table, long goid) {
        for (JsonNode row : table.get("rows")) {
            if (row.get("goid").asLong() == goid) return row;
        }
        throw new AssertionError("goroutine " + goid + " not in " + table);
    }

    @Test
    void theTableListsTheParkedGoroutineWithItsStateReasonTimesAndTopFrame() throws Exception {
        JsonNode table = getJson("/api/goroutines/table");
        assertEquals("id", table.get("sort").asText());
        assertEquals(100, table.get("limit").asInt());
        JsonNode row = rowOf(table, watched.parked.goid());
        Set<String> fields = new TreeSet<>();
        row.fieldNames().forEachRemaining(fields::add);
        Set<String> components = new TreeSet<>();
        for (var c : dev.gmp.GoroutineRow.class.getRecordComponents()) components.add(c.getName());
        assertEquals(components, fields, "every component of GoroutineRow");
        assertEquals("waiting", row.get("state").asText());
        assertEquals(ParkedGoroutine.WAIT_REASON, row.get("waitReason").asText());
        assertTrue(row.get("topFrame").asText().contains(ParkedGoroutine.METHOD), row.toString());
        assertTrue(row.get("slices").asLong() >= 1 && row.get("ageNanos").asLong() > 0, row.toString());
    }

    @Test
    void sortLimitAndStateChooseTheRows() throws Exception {
        JsonNode table = getJson("/api/goroutines/table?sort=wakeups&limit=3&state=waiting");
        assertTrue(table.get("rows").size() <= 3, table.toString());
        List<Long> wakeups = new ArrayList<>();
        for (JsonNode row : table.get("rows")) {
            assertEquals("waiting", row.get("state").asText());
            wakeups.add(row.get("wakeups").asLong());
        }
        List<Long> descending = new ArrayList<>(wakeups);
        descending.sort(java.util.Comparator.reverseOrder());
        assertEquals(descending, wakeups, "largest first");
        assertEquals(0, getJson("/api/goroutines/table?state=syscall").get("rows").size(), "nothing is in a syscall");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "sort=cpu           | sort: unknown key \"cpu\"; valid: id, age, runnable, running, waiting, slices, wakeups",
        "limit=0            | limit must be an integer from 1 to 500; got \"0\"",
        "limit=501          | limit must be an integer from 1 to 500; got \"501\"",
        "limit=ten          | limit must be an integer from 1 to 500; got \"ten\"",
        "state=sleeping     | state: unknown \"sleeping\"; valid: running, runnable, waiting, syscall (or none for all)",
    })
    void badParametersAre400sNamingWhatIsValid(String query, String message) {
        HttpResponse<String> reply = watched.http.get("/api/goroutines/table?" + query);
        assertEquals(400, reply.statusCode(), reply.body());
        assertEquals("400 " + message + "\n", reply.body());
    }

    @Test
    void aGoroutinesStackIsWalkedOnRequestByItsId() throws Exception {
        long goid = watched.parked.goid();
        JsonNode stack = getJson("/api/goroutines/" + goid + "/stack");
        assertEquals(goid, stack.get("goid").asLong());
        List<String> frames = new ArrayList<>();
        stack.get("stack").forEach(f -> frames.add(f.asText()));
        assertTrue(frames.stream().anyMatch(f -> f.contains(ParkedGoroutine.METHOD)), frames.toString());

        HttpResponse<String> notANumber = watched.http.get("/api/goroutines/abc/stack");
        assertEquals(400, notANumber.statusCode());
        assertTrue(notANumber.body().contains("goid must be a goroutine id"), notANumber.body());
        HttpResponse<String> gone = watched.http.get("/api/goroutines/" + Long.MAX_VALUE + "/stack");
        assertEquals(404, gone.statusCode());
        assertTrue(gone.body().contains("no live goroutine " + Long.MAX_VALUE), gone.body());
    }

    @Test
    void aGoroutineThatRanOverTenMillisecondsIsListedAsALongRunningWarningWithItsStack() throws Exception {
        long before = getJson("/api/warnings").get("counts").get("long_running").asLong();
        Gmp.go(GoroutineTableApiTest::hogTheProcessorFor50Millis).join();
        JsonNode warnings = getJson("/api/warnings");
        assertTrue(warnings.get("counts").get("long_running").asLong() > before, warnings.toString());
        JsonNode recent = warnings.get("recent");
        boolean found = false;
        for (JsonNode w : recent) {
            found |= w.get("kind").asText().equals("long_running") && w.get("durationNanos").asLong() >= 10_000_000
                    && w.get("stack").toString().contains("hogTheProcessorFor50Millis");
        }
        assertTrue(found, recent.toString());
    }

    private static void hogTheProcessorFor50Millis() {
        long end = System.nanoTime() + 50_000_000;
        while (System.nanoTime() < end) Thread.onSpinWait();
    }
}

package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmp.Gmp;
import dev.gmp.Snapshot;
import dev.gmp.testsupport.Http;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DashboardApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WatchedScheduler watched;
    private static Http http;

    @BeforeAll
    static void start() {
        watched = new WatchedScheduler();
        http = watched.http;
    }

    @AfterAll
    static void stop() {
        watched.close();
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> reply = http.get(path);
        assertEquals(200, reply.statusCode(), reply.body());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(reply.body());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> componentNames(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        for (var component : type.getRecordComponents()) names.add(component.getName());
        return names;
    }

    @Test
    void snapshotJsonHasEveryComponentOfGmpSnapshot() throws Exception {
        JsonNode s = getJson("/api/snapshot");
        assertEquals(componentNames(Snapshot.class), fieldNames(s));
        assertEquals(componentNames(Snapshot.Proc.class), fieldNames(s.get("procs").get(0)));
        assertEquals(componentNames(Snapshot.Machine.class), fieldNames(s.get("machines").get(0)));
        Set<String> goroutines = componentNames(Snapshot.Goroutines.class);
        goroutines.add("total");
        assertEquals(goroutines, fieldNames(s.get("goroutines")));
        assertEquals(componentNames(Snapshot.Totals.class), fieldNames(s.get("totals")));
        assertEquals(componentNames(Snapshot.Histogram.class), fieldNames(s.get("schedLatency")));
        assertEquals(componentNames(Snapshot.Histogram.class), fieldNames(s.get("slices")));
    }

    @Test
    void snapshotJsonValuesLieBetweenTwoGmpSnapshotsTakenAroundTheRequest() throws Exception {
        Snapshot before = Gmp.snapshot();
        JsonNode s = getJson("/api/snapshot");
        Snapshot after = Gmp.snapshot();

        assertEquals(Gmp.gomaxprocs(), s.get("gomaxprocs").asInt());
        assertEquals(Gmp.gomaxprocs(), s.get("procs").size());
        int capacity = s.get("runqCapacity").asInt();
        assertEquals(before.runqCapacity(), capacity, "the local run queue capacity the lanes are drawn against");
        for (int i = 0; i < s.get("procs").size(); i++) {
            JsonNode p = s.get("procs").get(i);
            assertEquals(i, p.get("id").asInt());
            assertTrue(Set.of("IDLE", "RUNNING", "SYSCALL").contains(p.get("status").asText()), p.toString());
            assertTrue(p.get("runqueue").asInt() >= 0 && p.get("runqueue").asInt() <= capacity, p.toString());
            assertBetween(before.procs().get(i).schedtick(), p.get("schedtick").asLong(), after.procs().get(i).schedtick());
        }
        assertBetween(before.uptimeMillis(), s.get("uptimeMillis").asLong(), after.uptimeMillis());
        assertBetween(before.machines().size(), s.get("machines").size(), after.machines().size());
        for (JsonNode m : s.get("machines")) {
            assertTrue(Set.of("RUNNING", "SPINNING", "IDLE", "SYSCALL").contains(m.get("state").asText()), m.toString());
        }
        List<Function<Snapshot.Totals, Long>> counters = List.of(Snapshot.Totals::created, Snapshot.Totals::finished,
                Snapshot.Totals::switches, Snapshot.Totals::steals, Snapshot.Totals::syscalls, Snapshot.Totals::handoffs);
        List<String> names = List.of("created", "finished", "switches", "steals", "syscalls", "handoffs");
        for (int i = 0; i < counters.size(); i++) {
            assertBetween(counters.get(i).apply(before.totals()), s.get("totals").get(names.get(i)).asLong(),
                    counters.get(i).apply(after.totals()));
        }
        JsonNode g = s.get("goroutines");
        assertEquals(g.get("running").asLong() + g.get("runnable").asLong() + g.get("waiting").asLong()
                + g.get("syscall").asLong(), g.get("total").asLong());
        assertTrue(g.get("waiting").asLong() >= 1, "the parked test goroutine waits: " + g);
        assertEquals("", s.get("deadlock").asText());
        for (String name : List.of("schedLatency", "slices")) {
            JsonNode h = s.get(name);
            Function<Snapshot, Snapshot.Histogram> which =
                    name.equals("schedLatency") ? Snapshot::schedLatency : Snapshot::slices;
            assertEquals(which.apply(before).upperBoundsNanos().size(), h.get("upperBoundsNanos").size(), name);
            assertEquals(h.get("upperBoundsNanos").size() + 1, h.get("counts").size(), name + ": one count past the bounds");
            long sum = 0;
            for (JsonNode c : h.get("counts")) sum += c.asLong();
            assertEquals(h.get("count").asLong(), sum, name + ": count is the sum of the per-bucket counts");
            assertBetween(which.apply(before).count(), h.get("count").asLong(), which.apply(after).count());
        }
    }

    private static void assertBetween(long low, long value, long high) {
        assertTrue(low <= value && value <= high, value + " should lie in [" + low + ", " + high + "]");
    }

    @Test
    void goroutinesJsonListsTheParkedGoroutineWithItsStackAndWaitReason() throws Exception {
        JsonNode dump = getJson("/api/goroutines");
        long total = 0;
        JsonNode found = null;
        for (JsonNode group : dump.get("groups")) {
            total += group.get("count").asLong();
            assertEquals(Set.of("count", "state", "waitReason", "stack", "goids"), fieldNames(group));
            for (JsonNode frame : group.get("stack")) {
                if (frame.asText().contains(ParkedGoroutine.METHOD)) found = group;
            }
        }
        assertEquals(total, dump.get("total").asLong());
        assertTrue(found != null, "no group has a frame in " + ParkedGoroutine.METHOD + ": " + dump);
        assertEquals("waiting", found.get("state").asText());
        assertEquals(ParkedGoroutine.WAIT_REASON, found.get("waitReason").asText());
        List<Long> goids = new ArrayList<>();
        found.get("goids").forEach(id -> goids.add(id.asLong()));
        assertTrue(goids.contains(watched.parked.goid()), goids + " should contain " + watched.parked.goid());
    }

    @Test
    void schedtraceIsGosSchedLine() {
        HttpResponse<String> reply = http.get("/api/schedtrace");
        assertEquals(200, reply.statusCode());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        // Go's leading fields in Go's order, any further counters gmp adds, then one queue length per P.
        int procs = Gmp.gomaxprocs();
        assertTrue(reply.body().matches("SCHED \\d+ms: gomaxprocs=" + procs
                + " idleprocs=\\d+ threads=\\d+ spinningthreads=\\d+ idlethreads=\\d+( [a-z]+=\\d+)*"
                + " \\[\\d+( \\d+){" + (procs - 1) + "}]\n"), reply.body());
        assertTrue(reply.body().contains(" runqueue="), reply.body());
    }

    @Test
    void gomaxprocsGetReportsTheValueAndThatControlIsOff() throws Exception {
        JsonNode info = getJson("/api/gomaxprocs");
        assertEquals(Gmp.gomaxprocs(), info.get("gomaxprocs").asInt());
        assertFalse(info.get("control").asBoolean());
        assertFalse(watched.dashboard.control());
    }

    @Test
    void pageScriptStylesAndChartLibraryAreServedFromTheClasspath() {
        HttpResponse<String> page = http.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("id=\"lanes\"") && page.body().contains("/vendor/uplot/uPlot.iife.min.js"));
        assertFalse(page.body().matches("(?s).*https?://.*"), "the page must not load anything from the network");
        for (String path : List.of("/app.js", "/style.css", "/vendor/uplot/uPlot.iife.min.js", "/vendor/uplot/uPlot.min.css")) {
            HttpResponse<String> asset = http.get(path);
            assertEquals(200, asset.statusCode(), path);
            assertTrue(asset.body().length() > 500, path + " is suspiciously short");
        }
        assertTrue(http.get("/vendor/uplot/uPlot.iife.min.js").body().contains("uPlot"));
    }

    @Test
    void serverThreadsArePlatformDaemonsAndRequestsCreateNoGoroutines() {
        assertNull(watched.dashboard.threadPool().getVirtualThreadsExecutor());
        assertTrue(watched.dashboard.threadPool().isDaemon());
        long createdBefore = Gmp.snapshot().totals().created();
        for (int i = 0; i < 20; i++) {
            for (String path : List.of("/", "/api/snapshot", "/api/goroutines", "/metrics", "/api/schedtrace")) {
                assertEquals(200, http.get(path).statusCode());
            }
        }
        assertEquals(createdBefore, Gmp.snapshot().totals().created());
        List<Thread> serverThreads = ServerThreads.list();
        assertFalse(serverThreads.isEmpty());
        for (Thread t : serverThreads) {
            assertFalse(t.isVirtual(), t.getName());
            assertTrue(t.isDaemon(), t.getName() + " would keep the JVM alive");
        }
    }
}

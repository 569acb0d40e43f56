package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.Snapshot;
import dev.gmp.testsupport.Http;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * /metrics read by {@link PrometheusTextParser}, a strict reader written from the format's
 * specification. It is the only parser: Prometheus' Java client (io.prometheus:prometheus-metrics-*)
 * only writes the format, and the one Java reader on Maven Central (hawkular's prometheus-scraper,
 * last released in 2016) silently drops a sample with an unterminated label value and stops at a
 * garbage line, so it could not catch what this test is for.
 */
class PrometheusMetricsTest {
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

    private static String scrape() {
        HttpResponse<String> reply = http.get("/metrics");
        assertEquals(200, reply.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=utf-8",
                reply.headers().firstValue("Content-Type").orElse("").replace(";charset", "; charset"));
        return reply.body();
    }

    @Test
    void everyFamilyHasHelpAndTheRightType() {
        Map<String, PrometheusTextParser.Family> families = PrometheusTextParser.parse(scrape());
        Map<String, String> expected = new HashMap<>();
        for (String gauge : List.of("gmp_procs", "gmp_procs_by_status", "gmp_goroutines", "gmp_runqueue_length",
                "gmp_global_runqueue_length", "gmp_threads", "gmp_uptime_seconds")) {
            expected.put(gauge, "gauge");
        }
        for (String counter : List.of("gmp_goroutines_created_total", "gmp_goroutines_finished_total",
                "gmp_switches_total", "gmp_parks_total", "gmp_yields_total", "gmp_steals_total", "gmp_syscalls_total",
                "gmp_handoffs_total", "gmp_retakes_total", "gmp_long_running_total", "gmp_thread_limit_hits_total",
                "gmp_timers_fired_total", "gmp_m_wakeups_total", "gmp_m_wakeups_while_spinning_total")) {
            expected.put(counter, "counter");
        }
        expected.put("gmp_sched_latency_seconds", "histogram");
        expected.put("gmp_slice_seconds", "histogram");
        assertEquals(expected.keySet(), families.keySet());
        families.forEach((name, family) -> {
            assertEquals(expected.get(name), family.type, name);
            assertTrue(family.typed, name + " has no TYPE line");
            assertTrue(family.help != null && !family.help.isBlank(), name + " has no HELP");
            assertTrue(!family.samples.isEmpty(), name + " has no samples");
        });
    }

    @Test
    void valuesMatchGmpSnapshotsTakenAroundTheScrape() {
        Snapshot before = Gmp.snapshot();
        Map<String, PrometheusTextParser.Family> m = PrometheusTextParser.parse(scrape());
        Snapshot after = Gmp.snapshot();

        assertEquals(Gmp.gomaxprocs(), (int) m.get("gmp_procs").value(Map.of()));
        PrometheusTextParser.Family runq = m.get("gmp_runqueue_length");
        assertEquals(Gmp.gomaxprocs(), runq.samples.size());
        for (int p = 0; p < Gmp.gomaxprocs(); p++) {
            double depth = runq.value(Map.of("p", Integer.toString(p)));
            assertTrue(depth >= 0 && depth <= 256, "P" + p + " depth " + depth);
        }
        double procsByStatus = m.get("gmp_procs_by_status").samples.stream().mapToDouble(s -> s.value()).sum();
        assertEquals(Gmp.gomaxprocs(), procsByStatus);
        for (String state : List.of("running", "runnable", "waiting", "syscall")) {
            m.get("gmp_goroutines").value(Map.of("state", state));
        }
        assertTrue(m.get("gmp_goroutines").value(Map.of("state", "waiting")) >= 1, "the parked goroutine waits");
        double threads = m.get("gmp_threads").samples.stream().mapToDouble(s -> s.value()).sum();
        assertBetween(before.machines().size(), threads, after.machines().size());
        for (String state : List.of("running", "spinning", "idle", "syscall")) {
            m.get("gmp_threads").value(Map.of("state", state));
        }
        Map<String, ToLongFunction<Snapshot.Totals>> counters = Map.of(
                "gmp_goroutines_created_total", Snapshot.Totals::created,
                "gmp_goroutines_finished_total", Snapshot.Totals::finished,
                "gmp_switches_total", Snapshot.Totals::switches,
                "gmp_steals_total", Snapshot.Totals::steals,
                "gmp_syscalls_total", Snapshot.Totals::syscalls,
                "gmp_handoffs_total", Snapshot.Totals::handoffs,
                "gmp_retakes_total", Snapshot.Totals::retakes);
        counters.forEach((name, counter) -> assertBetween(counter.applyAsLong(before.totals()),
                m.get(name).value(Map.of()), counter.applyAsLong(after.totals())));
        assertTrue(m.get("gmp_goroutines_created_total").value(Map.of()) >= 1);
    }

    @Test
    void histogramsHaveOneSeriesPerPWithCumulativeBucketsUpToInfAndACountEqualToIt() throws InterruptedException {
        for (int i = 0; i < 256; i++) { // 1 in 32 transitions is sampled: 256 goroutines' starts give a few
            Gmp.go(() -> { }).join();
        }
        Snapshot before = Gmp.snapshot();
        Map<String, PrometheusTextParser.Family> m = PrometheusTextParser.parse(scrape());
        Snapshot after = Gmp.snapshot();
        Set<String> ps = new java.util.HashSet<>(Set.of("other"));
        for (Snapshot.Proc p : after.procs()) ps.add(Integer.toString(p.id()));
        for (String name : List.of("gmp_sched_latency_seconds", "gmp_slice_seconds")) {
            PrometheusTextParser.Family h = m.get(name);
            assertEquals(Set.of(name + "_bucket", name + "_sum", name + "_count"),
                    h.samples.stream().map(PrometheusTextParser.Sample::name).collect(Collectors.toSet()));
            Map<String, List<PrometheusTextParser.Sample>> bucketsByP = h.samples.stream()
                    .filter(s -> s.name().equals(name + "_bucket"))
                    .collect(Collectors.groupingBy(s -> s.labels().get("p")));
            assertEquals(ps, bucketsByP.keySet(), name + ": a series per live P and one for the rest");
            double total = 0;
            for (var series : bucketsByP.entrySet()) {
                String p = series.getKey();
                List<PrometheusTextParser.Sample> buckets = series.getValue();
                assertEquals(24, buckets.size(), name + " p=" + p + ": 1.024 µs · 2^0..22 and +Inf");
                double previousLe = 0, previousCount = 0;
                for (PrometheusTextParser.Sample b : buckets) {
                    assertEquals(Set.of("le", "p"), b.labels().keySet(), name);
                    double le = parseLe(b.labels().get("le"));
                    assertTrue(le > previousLe, name + ": le increases: " + le);
                    assertTrue(b.value() >= previousCount, name + ": buckets are cumulative at le=" + le);
                    previousLe = le;
                    previousCount = b.value();
                }
                assertEquals(Double.POSITIVE_INFINITY, previousLe, name + ": the last bucket is +Inf");
                assertEquals(1.024e-6, parseLe(buckets.getFirst().labels().get("le")), name);
                assertEquals(previousCount, seriesValue(h, name + "_count", p), name + " p=" + p + ": _count is the +Inf bucket");
                assertTrue(seriesValue(h, name + "_sum", p) >= 0, name + "_sum");
                total += previousCount;
            }
            ToLongFunction<Snapshot> counted = name.equals("gmp_slice_seconds")
                    ? s -> s.slices().count() : s -> s.schedLatency().count();
            assertBetween(counted.applyAsLong(before), total, counted.applyAsLong(after));
        }
        double slices = m.get("gmp_slice_seconds").samples.stream()
                .filter(s -> s.name().equals("gmp_slice_seconds_count")).mapToDouble(PrometheusTextParser.Sample::value).sum();
        assertTrue(slices >= 1, "some of those goroutines' slices were sampled");
    }

    private static double seriesValue(PrometheusTextParser.Family h, String sampleName, String p) {
        return h.samples.stream().filter(s -> s.name().equals(sampleName) && p.equals(s.labels().get("p")))
                .findFirst().orElseThrow().value();
    }

    /** le as Prometheus reads it: a Go float, or +Inf. */
    private static double parseLe(String le) {
        return le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
    }

    private static void assertBetween(double low, double value, double high) {
        assertTrue(low <= value && value <= high, value + " should lie in [" + low + ", " + high + "]");
    }
}

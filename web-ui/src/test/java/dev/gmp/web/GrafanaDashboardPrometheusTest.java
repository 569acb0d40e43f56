package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmp.testsupport.Http;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/grafana/gmp-dashboard.json against a real Prometheus (Debian's {@code prometheus} package):
 * Prometheus scrapes a gmp dashboard under load every second, then every query of every panel,
 * with Grafana's variables replaced by concrete values, must evaluate without error and return at
 * least one series.
 */
class GrafanaDashboardPrometheusTest {
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    private static final Path DASHBOARD_JSON = Path.of(System.getProperty("basedir", "."), "..", "docs", "grafana",
            "gmp-dashboard.json");
    private static final Duration GUARD = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void everyPanelQueryEvaluatesToSeriesOnARealPrometheusScrapingGmp() throws Exception {
        if (!Files.isExecutable(PROMETHEUS)) {
            fail("this test needs Debian's Prometheus at " + PROMETHEUS + ": install it with 'apt-get install -y prometheus'");
        }
        List<String> exprs = new ArrayList<>();
        collectExprs(JSON.readTree(DASHBOARD_JSON.toFile()), exprs);
        assertTrue(exprs.size() >= 10, "the dashboard's queries: " + exprs);

        try (ParkedGoroutine parked = new ParkedGoroutine(); SpawnLoad load = new SpawnLoad();
                Dashboard dashboard = Dashboard.start("127.0.0.1", 0)) {
            String target = "127.0.0.1:" + dashboard.port();
            int port = freePort();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: gmp
                        static_configs:
                          - targets: ['%s']
                    """.formatted(target));
            Process prometheus = new ProcessBuilder(PROMETHEUS.toString(), "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try (Http http = Http.loopback(port)) {
                awaitScrapes(http, prometheus, 3);
                for (String expr : exprs) {
                    String concrete = expr.replace("$__rate_interval", "10s").replace("$__interval", "1s")
                            .replace("${instance}", target).replace("$instance", target);
                    assertFalse(concrete.contains("$"), "a Grafana variable left in " + concrete);
                    JsonNode reply = query(http, concrete);
                    assertEquals("success", reply.path("status").asText(), concrete + " -> " + reply);
                    assertTrue(reply.path("data").path("result").size() > 0, "no series for " + concrete + " -> " + reply);
                }
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\nprometheus log:\n" + log(), e);
            } finally {
                stop(prometheus);
            }
        }
    }

    /** Every "expr" anywhere in the dashboard (panels, rows' panels, targets). */
    private static void collectExprs(JsonNode node, List<String> into) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (field.getKey().equals("expr")) into.add(field.getValue().asText());
                else collectExprs(field.getValue(), into);
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectExprs(child, into));
        }
    }

    /** Waits until Prometheus holds {@code scrapes} successful scrapes of gmp: enough for rate() over 10 s. */
    private static void awaitScrapes(Http http, Process prometheus, int scrapes) throws Exception {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (true) {
            assertTrue(prometheus.isAlive(), "prometheus exited with " + (prometheus.isAlive() ? "" : prometheus.exitValue()));
            try {
                JsonNode result = query(http, "count_over_time(up{job=\"gmp\"}[1m]) and on () up{job=\"gmp\"} == 1")
                        .path("data").path("result");
                if (result.size() == 1 && result.get(0).path("value").get(1).asDouble() >= scrapes) {
                    return;
                }
            } catch (java.io.UncheckedIOException notListeningYet) {
                // Prometheus opens its port a moment after it starts
            }
            assertTrue(System.nanoTime() < deadline, "prometheus did not scrape gmp " + scrapes + " times within " + GUARD);
            Thread.sleep(250);
        }
    }

    private static JsonNode query(Http http, String promql) throws IOException {
        HttpResponse<String> reply = http.get("api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        return JSON.readTree(reply.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String log() {
        try {
            List<String> lines = Files.readAllLines(dir.resolve("prometheus.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}

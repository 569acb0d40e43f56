package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gmp.it.apps.HelloApp;
import dev.gmp.it.apps.IdleApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import dev.gmp.testsupport.ForkedJvm.Running;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard inside gmp-agent.jar: it listens where the start-up line says, serves its API, page
 * and stream from the shaded jar, stays read-only unless control=on, never makes goroutines of its
 * own, keeps start-up quiet, and a busy port never stops the application.
 */
class DashboardIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** One idle application with a read-only dashboard on any free port, shared by the tests that only look. */
    private static Running idle;
    private static String startUpLine;
    private static Http dashboard;

    @BeforeAll
    static void startAnIdleApplicationWithTheDashboard() throws Exception {
        idle = ForkedJvm.app(IdleApp.class).agent("procs=3,dashboard=0").start();
        startUpLine = idle.awaitStderr(line -> line.startsWith("gmp: 3 procs"), WAIT);
        dashboard = Http.dashboard(startUpLine);
        idle.awaitStdout(line -> line.equals("ready"), WAIT);
    }

    @AfterAll
    static void stopTheIdleApplication() throws Exception {
        if (dashboard != null) {
            dashboard.close();
        }
        if (idle != null) {
            try (Running app = idle) {
                app.sendLine("stop");
                Result r = app.awaitExit(WAIT);
                assertEquals(0, r.exitCode(), r::toString);
            }
        }
    }

    @Test
    void theStartUpLineNamesTheBoundPortOfDashboardZero() {
        assertEquals("gmp: 3 procs, dashboard " + dashboard.base(), startUpLine);
    }

    @Test
    void startUpPrintsOnlyGmpsLinesNoLoggerBannersNoStackTraces() {
        List<String> stderr = idle.stderrSoFar();
        List<String> foreign = stderr.stream()
                .filter(line -> !line.startsWith("gmp: ")).toList();
        assertEquals(List.of(), foreign, () -> "stderr:\n" + String.join("\n", stderr));
        assertEquals(List.of("gmp: self-test passed: a new virtual thread ran on gmp-m-1", startUpLine),
                stderr.stream().filter(line -> line.startsWith("gmp: ")).toList());
    }

    @Test
    void anApplicationsSlf4jSettingsDoNotReachTheDashboardsRelocatedSlf4j() throws Exception {
        // The app names its own provider (slf4j-simple is on its class path); the agent's relocated
        // slf4j reads dev.gmp.agent.shaded.slf4j.provider instead, so it never tries that class.
        Result r = ForkedJvm.app(HelloApp.class).agent("procs=2,dashboard=0")
                .jvmArgs("-Dslf4j.provider=org.slf4j.simple.SimpleServiceProvider", "-Dslf4j.internal.verbosity=DEBUG").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<String> foreign = r.stderr().stream()
                .filter(line -> !line.startsWith("gmp: ")).toList();
        assertEquals(List.of(), foreign, r::toString);
        assertTrue(r.gmpLines().getLast().startsWith("gmp: 2 procs, dashboard http://127.0.0.1:"), r::toString);
    }

    @Test
    void theSnapshotShowsTheAgentsProcs() throws Exception {
        JsonNode snapshot = dashboard.getJson("/api/snapshot");
        assertEquals(3, snapshot.get("gomaxprocs").asInt(), snapshot::toString);
        assertEquals(3, snapshot.get("procs").size(), snapshot::toString);
        assertTrue(snapshot.get("totals").get("created").asLong() >= 2, "the self-test's and the app's goroutines");
    }

    @Test
    void metricsAnswerInPrometheusText() throws Exception {
        HttpResponse<String> r = dashboard.get("/metrics");
        assertEquals(200, r.statusCode(), r::body);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers()::toString);
        assertEquals(3, Http.metric(r.body(), "gmp_procs"), r::body);
        assertTrue(r.body().contains("# TYPE gmp_parks_total counter\n"), r::body);
        assertTrue(r.body().contains("# TYPE gmp_steals_total counter\n"), r::body);
    }

    @Test
    void thePageAndItsChartLibraryComeFromTheAgentJar() throws Exception {
        HttpResponse<String> page = dashboard.get("/");
        assertEquals(200, page.statusCode(), page::body);
        assertTrue(page.body().contains("/vendor/uplot/uPlot.iife.min.js"), "the page loads uPlot from the dashboard");
        HttpResponse<String> uplot = dashboard.get("/vendor/uplot/uPlot.iife.min.js");
        assertEquals(200, uplot.statusCode(), uplot::body);
        assertTrue(uplot.body().contains("uPlot"), "the relocated WebJar's script");
    }

    @Test
    void theStreamPushesSnapshots() throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        URI ws = URI.create("ws://127.0.0.1:" + dashboard.base().getPort() + "/api/stream");
        try (HttpClient client = HttpClient.newHttpClient()) {
            WebSocket socket = client.newWebSocketBuilder().buildAsync(ws, new WebSocket.Listener() {
                private final StringBuilder text = new StringBuilder();

                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                        first.complete(text.toString());
                    }
                    webSocket.request(1);
                    return null;
                }

                @Override
                public void onError(WebSocket webSocket, Throwable error) {
                    first.completeExceptionally(error);
                }
            }).get(20, TimeUnit.SECONDS);
            JsonNode frame = Http.parseJson(first.get(20, TimeUnit.SECONDS));
            assertEquals(3, frame.get("gomaxprocs").asInt(), frame::toString);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void controlIsOffUnlessAskedForSoAPostIsForbidden() throws Exception {
        HttpResponse<String> r = dashboard.post("/api/gomaxprocs", "1");
        assertEquals(403, r.statusCode(), r::body);
        assertEquals(3, dashboard.getJson("/api/snapshot").get("gomaxprocs").asInt());
    }

    @Test
    void servingTheDashboardCreatesNoGoroutines() throws Exception {
        // The server's threads are platform threads: were they virtual, the agent would make every
        // request a goroutine, and the observer would load the scheduler it observes.
        long before = dashboard.getJson("/api/snapshot").get("totals").get("created").asLong();
        for (int i = 0; i < 30; i++) {
            assertEquals(200, dashboard.get("/metrics").statusCode());
            assertEquals(200, dashboard.get("/api/goroutines").statusCode());
        }
        long after = dashboard.getJson("/api/snapshot").get("totals").get("created").asLong();
        assertEquals(before, after, "goroutines created while serving 61 dashboard requests");
    }

    @Test
    void withControlOnAPostChangesGomaxprocs() throws Exception {
        try (Running app = ForkedJvm.app(IdleApp.class).agent("procs=2,dashboard=0,control=on").start()) {
            String line = app.awaitStderr(l -> l.startsWith("gmp: 2 procs"), WAIT);
            try (Http withControl = Http.dashboard(line)) {
                assertEquals("gmp: 2 procs, dashboard " + withControl.base() + " (control on)", line);
                HttpResponse<String> r = withControl.post("/api/gomaxprocs", "4");
                assertEquals(200, r.statusCode(), r::body);
                assertEquals(4, withControl.getJson("/api/snapshot").get("gomaxprocs").asInt());
            }
            app.sendLine("stop");
            assertEquals(0, app.awaitExit(WAIT).exitCode());
        }
    }

    @Test
    void anAddressThisHostDoesNotHaveCostsOneLineAndTheApplicationRunsOn() throws Exception {
        // 192.0.2.1 is in TEST-NET-1 (RFC 5737): never an address of this host.
        Result r = ForkedJvm.app(HelloApp.class).agent("procs=2,dashboard=0,host=192.0.2.1").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.gmpLines();
        assertEquals(3, lines.size(), r::toString);
        // The reason in parentheses is the operating system's (Linux: Cannot assign requested address).
        assertTrue(lines.get(1).matches("gmp: cannot start the dashboard on 192\\.0\\.2\\.1:0 \\(.+\\); "
                + "running without the dashboard"), r::toString);
        assertEquals("gmp: 2 procs", lines.get(2), r::toString);
        assertTrue(r.value("carrier").startsWith("gmp-m-"), r::toString);
    }

    @Test
    void aBusyDashboardPortCostsOneLineAndTheApplicationRunsOn() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            try (Running app = ForkedJvm.app(IdleApp.class).agent("procs=2,dashboard=" + port).start()) {
                app.awaitStdout(line -> line.equals("ready"), WAIT);
                app.sendLine("stop");
                Result r = app.awaitExit(WAIT);
                assertEquals(0, r.exitCode(), r::toString);
                assertEquals(List.of(
                        "gmp: self-test passed: a new virtual thread ran on gmp-m-1",
                        "gmp: dashboard port " + port + " is busy (127.0.0.1:" + port + " already in use; choose another "
                                + "with dashboard=PORT or dashboard=0); running without the dashboard",
                        "gmp: 2 procs"), r.gmpLines(), r::toString);
                assertTrue(r.value("carrier").startsWith("gmp-m-"), r::toString);
                assertTrue(r.stdout().contains("stopped"), r::toString);
            }
        }
    }
}

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.JavalinApp;
import dev.gmp.it.apps.JettyApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import dev.gmp.testsupport.ForkedJvm.Running;
import dev.gmp.testsupport.LoopbackLoad;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Servers nobody here wrote, unmodified, under the agent: Jetty 12 on its virtual-thread pool and
 * Javalin with virtual threads, each with its own unshaded Jetty next to the agent's relocated one.
 * Each serves a bounded loopback load with every handler on a gmp M; the dashboard counts parks
 * and steals; told to stop, the JVM ends by itself with status 0; and JDK Mission Control's parser
 * reads the recording, gmp's events included.
 */
class RealServersIT {
    private static final int REQUESTS = 10_000;
    private static final int CONCURRENCY = 64;
    /** Hang guards, not speed limits. */
    private static final Duration LOAD_DEADLINE = Duration.ofSeconds(90);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void jettyOnItsVirtualThreadPoolServesALoadOnGmp() throws Exception {
        serveLoadUnderTheAgent(JettyApp.class, "jetty-server-12.");
    }

    @Test
    void javalinWithVirtualThreadsServesALoadOnGmp() throws Exception {
        serveLoadUnderTheAgent(JavalinApp.class, "javalin-7.");
    }

    @Test
    void jettyServesALoadOnGmpBesideTheOpenTelemetryAgentStartedFirst() throws Exception {
        serveLoadUnderTheAgent(JettyApp.class, "jetty-server-12.", jvm -> jvm.agentFirst(OtherAgentsIT.otelAgent(), null)
                .jvmArgs(OtherAgentsIT.OTEL_SETTINGS));
    }

    private void serveLoadUnderTheAgent(Class<?> app, String serverJarPrefix) throws Exception {
        serveLoadUnderTheAgent(app, serverJarPrefix, UnaryOperator.identity());
    }

    /** {@code more} adds to the server's JVM (other agents, say). */
    private void serveLoadUnderTheAgent(Class<?> app, String serverJarPrefix, UnaryOperator<ForkedJvm> more) throws Exception {
        String name = app.getSimpleName();
        Path recording = dir.resolve(name + ".jfr");
        // Two Ps whatever the machine: with one there is nobody to steal from.
        try (Running server = more.apply(ForkedJvm.app(app).agent("procs=2,dashboard=0,jfr=" + recording)
                .jvmArgs("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")).start();
             Http dashboard = Http.dashboard(server.awaitStderr(line -> line.startsWith("gmp: 2 procs"), WAIT))) {
            int port = Integer.parseInt(server.awaitStdout(line -> line.startsWith("port="), WAIT).substring(5));

            Map<String, Integer> carriers = new ConcurrentHashMap<>();
            LoopbackLoad.Outcome load = LoopbackLoad.run(port, "/", REQUESTS, CONCURRENCY, LOAD_DEADLINE, response -> {
                String carrier = carrierOf(response.body());
                if (carrier == null) {
                    return "not answered by a mounted virtual thread: " + response.body();
                }
                carriers.merge(carrier, 1, Integer::sum);
                return null;
            });
            assertEquals(REQUESTS, load.ok(), () -> name + ": " + load.failed() + " failed, "
                    + load.unanswered() + " unanswered, e.g. " + load.failures());
            assertTrue(carriers.keySet().stream().allMatch(c -> c.startsWith("gmp-m-")),
                    () -> name + " handlers ran on " + carriers);

            HttpResponse<String> metrics = dashboard.get("/metrics");
            assertEquals(200, metrics.statusCode(), metrics::body);
            double parks = Http.metric(metrics.body(), "gmp_parks_total");
            double steals = Http.metric(metrics.body(), "gmp_steals_total");
            assertTrue(parks > 0 && steals > 0, () -> name + ": parks " + parks + ", steals " + steals);

            long stopAsked = System.nanoTime();
            server.sendLine("stop");
            Result r = server.awaitExit(EXIT_WAIT);
            long exitMillis = (System.nanoTime() - stopAsked) / 1_000_000;
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.stdout().contains("stopped"), r::toString);
            assertTrue(r.value("serverJar").startsWith(serverJarPrefix), () -> "the app's own server: " + r);
            assertEquals("org.slf4j.simple.SimpleLoggerFactory", r.value("loggerFactory"),
                    "the app's own logger, not the agent's relocated slf4j-nop");

            Map<String, Long> gmpEvents = Recordings.gmpEventCounts(recording);
            assertTrue(gmpEvents.getOrDefault("gmp.SchedulerSample", 0L) > 0
                            && gmpEvents.getOrDefault("gmp.RunQueueSample", 0L) > 0,
                    () -> name + ": gmp events in the recording: " + gmpEvents);

            System.out.printf("%s: %d requests at %d concurrent in %d ms on %s; dashboard: %s parks, %s steals, "
                            + "%s syscalls, %s handoffs, %s retakes; exit %d ms after stop; JMC reads gmp events %s%n",
                    name, load.ok(), CONCURRENCY, load.elapsed().toMillis(), new TreeMap<>(carriers), (long) parks,
                    (long) steals, (long) Http.metric(metrics.body(), "gmp_syscalls_total"),
                    (long) Http.metric(metrics.body(), "gmp_handoffs_total"),
                    (long) Http.metric(metrics.body(), "gmp_retakes_total"), exitMillis, gmpEvents);
        }
    }

    /** The carrier after the '@' of a mounted virtual thread's toString(), or null for anything else. */
    private static String carrierOf(String body) {
        int at = body.lastIndexOf('@');
        return body.startsWith("VirtualThread[") && at > 0 ? body.substring(at + 1).strip() : null;
    }
}

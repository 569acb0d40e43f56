package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.testsupport.ForkedJvm.Result;
import dev.gmp.testsupport.ForkedJvm.Running;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code ./gmp demo} runs: {@code java -javaagent:gmp-agent.jar=dashboard=...,jfr=... -jar
 * gmp-demo.jar}. The demo serves its own load on gmp, the dashboard shows it, and however the demo
 * ends (its time is up, or Ctrl-C) the JVM exits and the recording is whole.
 */
class DemoIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The demo prints one line per load wave. */
    private static final Pattern WAVE = Pattern.compile("wave \\d+: (\\d+) ok, (\\d+) failed in \\d+ ms");

    @TempDir
    Path dir;

    @Test
    void forItsSecondsTheDemoServesItsLoadOnGmpTheDashboardShowsItAndTheRecordingIsWhole() throws Exception {
        Path recording = dir.resolve("gmp-demo.jfr");
        try (Running demo = ForkedJvm.jar(ForkedJvm.demoJar()).agent("dashboard=0,jfr=" + recording)
                .args("--seconds", "5", "--port", "0").start();
             Http dashboard = Http.dashboard(demo.awaitStderr(line -> line.contains(", dashboard http://"), WAIT))) {
            demo.awaitStdout(line -> line.startsWith("served by "), WAIT);
            // The first wave has begun: the dashboard must show its goroutines while it runs.
            double created = awaitCreatedGoroutines(dashboard, 100);

            Result r = demo.awaitExit(WAIT);
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(r.stdout().contains("demo stopped"), r::toString);
            assertTrue(r.stdout().stream().anyMatch(line -> line.matches("served by VirtualThread\\[.*@gmp-m-\\d+")),
                    () -> "the demo's requests are served on gmp:\n" + r);
            List<Matcher> waves = r.stdout().stream().map(WAVE::matcher).filter(Matcher::matches).toList();
            assertFalse(waves.isEmpty(), r::toString);
            for (Matcher wave : waves) {
                assertTrue(Long.parseLong(wave.group(1)) > 0 && Long.parseLong(wave.group(2)) == 0,
                        () -> wave.group() + " in:\n" + r);
            }
            Map<String, Long> events = Recordings.gmpEventCounts(recording);
            // The always-on settings count parks in the per-second samples instead of one event each.
            assertTrue(events.getOrDefault("gmp.SchedulerSample", 0L) > 0 && events.getOrDefault("gmp.GoPark", 0L) == 0,
                    () -> "gmp events in the recording: " + events);
            System.out.printf("demo: %d waves, %.0f goroutines created when the dashboard was asked, gmp events %s%n",
                    waves.size(), created, events);
        }
    }

    @Test
    void ctrlCStopsTheDemoAndTheRecordingIsWhole() throws Exception {
        assumeTrue(ForkedJvm.defaultSigintAvailable(), "needs GNU env --default-signal (coreutils 8.31 or newer)");
        Path recording = dir.resolve("interrupted.jfr");
        try (Running demo = ForkedJvm.jar(ForkedJvm.demoJar()).agent("dashboard=0,jfr=" + recording + ",jfrSettings=profile")
                .args("--port", "0").withDefaultSigint().start()) {
            demo.awaitStdout(line -> WAVE.matcher(line).matches(), WAIT);
            demo.interrupt();
            Result r = demo.awaitExit(WAIT);
            assertEquals(130, r.exitCode(), () -> "the JVM's status after SIGINT (128 + 2):\n" + r);
            assertTrue(r.stderr().stream().noneMatch(line -> line.contains("Exception")), r::toString);
            Map<String, Long> events = Recordings.gmpEventCounts(recording);
            assertTrue(events.getOrDefault("gmp.GoPark", 0L) > 0, () -> "gmp events in the recording: " + events);
        }
    }

    /** Polls /metrics until at least {@code atLeast} goroutines were created; fails if the dashboard stops answering. */
    private static double awaitCreatedGoroutines(Http dashboard, long atLeast) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> metrics = dashboard.get("/metrics");
            assertEquals(200, metrics.statusCode(), metrics::body);
            double created = Http.metric(metrics.body(), "gmp_goroutines_created_total");
            if (created >= atLeast) {
                return created;
            }
            assertTrue(System.nanoTime() < deadline, () -> "only " + created + " goroutines created:\n" + metrics.body());
            Thread.sleep(100);
        }
    }
}

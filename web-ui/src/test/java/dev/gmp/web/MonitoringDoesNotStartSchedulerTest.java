package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmp.Gmp;
import dev.gmp.sched.Sched;
import dev.gmp.testsupport.Http;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Watching must not start the scheduler: an application that loads the agent but never uses a
 * virtual thread keeps the JDK's scheduling untouched. Runs in its own JVM (reuseForks=false),
 * where nothing has started gmp.
 */
class MonitoringDoesNotStartSchedulerTest {

    @Test
    void everyReadEndpointAndTheStreamLeaveAnUnstartedSchedulerUnstarted() throws Exception {
        assertNull(Sched.getIfStarted(), "precondition: nothing in this JVM has started gmp yet");
        try (HttpClient wsClient = HttpClient.newHttpClient();
             Dashboard dashboard = Dashboard.start(null, 0);
             Http http = Http.loopback(dashboard.port())) {
            for (String path : List.of("/", "/api/snapshot", "/api/goroutines", "/api/schedtrace", "/api/gomaxprocs", "/metrics")) {
                assertEquals(200, http.get(path).statusCode(), path);
            }
            StreamListener stream = StreamListener.connect(wsClient, dashboard, null);
            Await.until("three frames arrive", Duration.ofSeconds(30), () -> stream.frames.get() >= 3);

            JsonNode frame = new ObjectMapper().readTree(stream.lastFrame);
            assertEquals(0, frame.get("uptimeMillis").asLong());
            assertEquals(Gmp.gomaxprocs(), frame.get("procs").size(), "an unstarted scheduler still shows its Ps");
            assertEquals(0, frame.get("machines").size());
            assertEquals(0, frame.get("goroutines").get("total").asLong());
            assertTrue(http.get("/api/schedtrace").body().startsWith("SCHED 0ms: gomaxprocs="));
            assertEquals("{\"total\":0,\"groups\":[]}", http.get("/api/goroutines").body());
            assertNull(Sched.getIfStarted(), "monitoring started the scheduler");
        }
    }
}

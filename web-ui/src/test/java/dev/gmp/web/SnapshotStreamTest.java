package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gmp.testsupport.Http;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SnapshotStreamTest {
    private static final Duration GUARD = Duration.ofSeconds(30);

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void twentyClientsForTenSecondsShareOneSnapshotPerTickWhileTheServerStaysResponsiveAndNothingLeaks() throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapBefore = usedHeapAfterGc();
        List<StreamListener> clients = new ArrayList<>();
        try (HttpClient wsClient = HttpClient.newHttpClient(); Dashboard dashboard = Dashboard.start("127.0.0.1", 0);
             Http http = Http.loopback(dashboard.port())) {
            for (int i = 0; i < 20; i++) clients.add(StreamListener.connect(wsClient, dashboard, null));
            Await.until("20 stream clients are registered", GUARD, () -> dashboard.stream().clientCount() == 20);
            Await.until("every client has a first frame", GUARD, () -> clients.stream().allMatch(c -> c.frames.get() > 0));
            long snapshotsAtStart = dashboard.stream().snapshotsTaken();
            int framesAtStart = clients.stream().mapToInt(c -> c.frames.get()).sum();
            long start = System.nanoTime();

            while (System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10)) {
                assertEquals(200, http.get("/api/snapshot").statusCode());
                assertEquals(200, http.get("/metrics").statusCode());
                Thread.sleep(250);
            }
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            long snapshots = dashboard.stream().snapshotsTaken() - snapshotsAtStart;
            int frames = clients.stream().mapToInt(c -> c.frames.get()).sum() - framesAtStart;

            // At a fixed rate, ticks delayed past the window's start by a loaded machine run inside
            // it, so a few more than the window's own ticks count; a snapshot per client would be
            // 20 times as many.
            assertTrue(snapshots <= elapsedMillis / SnapshotStream.TICK_MILLIS + 5,
                    snapshots + " snapshots in " + elapsedMillis + " ms: more than one per tick");
            assertTrue(frames > snapshots, frames + " frames from " + snapshots + " snapshots: frames are not shared");
            for (StreamListener c : clients) {
                assertTrue(c.frames.get() >= 10, "a client got only " + c.frames.get() + " frames in 10 s");
                JsonNode frame = new ObjectMapper().readTree(c.lastFrame);
                assertTrue(frame.has("procs") && frame.has("totals"), c.lastFrame);
            }

            clients.forEach(StreamListener::close);
            Await.until("closed clients are forgotten", GUARD, () -> dashboard.stream().clientCount() == 0);
        }
        Await.until("the server's threads end", GUARD, () -> ServerThreads.count() == 0);
        Await.until("the JVM is back to its thread count", GUARD,
                () -> ManagementFactory.getThreadMXBean().getThreadCount() <= threadsBefore + 2);
        // Coarse: the stream holds at most two frames per client; a leak of per-client state over
        // 10 s of frames would show as tens of megabytes.
        long grown = usedHeapAfterGc() - heapBefore;
        assertTrue(grown < 32L << 20, "heap grew by " + (grown >> 20) + " MB");
    }

    @Test
    void theTickerSleepsWhileNoClientIsConnectedAndWakesForTheNext() throws Exception {
        // The dashboard closes first: HttpClient.close() waits for open WebSockets.
        try (HttpClient wsClient = HttpClient.newHttpClient(); Dashboard dashboard = Dashboard.start("127.0.0.1", 0)) {
            assertFalse(dashboard.stream().ticking(), "ticking with no client");
            for (int round = 0; round < 2; round++) {
                StreamListener client = StreamListener.connect(wsClient, dashboard, null);
                Await.until("the client gets frames", GUARD, () -> client.frames.get() >= 2);
                assertTrue(dashboard.stream().ticking());
                client.close();
                Await.until("the last client is forgotten", GUARD, () -> dashboard.stream().clientCount() == 0);
                assertFalse(dashboard.stream().ticking(), "still ticking after the last client left");
                long snapshots = dashboard.stream().snapshotsTaken();
                Thread.sleep(3 * SnapshotStream.TICK_MILLIS);
                assertEquals(snapshots, dashboard.stream().snapshotsTaken(), "snapshots taken with no client");
            }
        }
    }

    @Test
    void clientsThatCloseOrVanishAreForgotten() throws Exception {
        // The dashboard closes first: HttpClient.close() waits for open WebSockets.
        try (HttpClient wsClient = HttpClient.newHttpClient(); Dashboard dashboard = Dashboard.start("127.0.0.1", 0)) {
            List<StreamListener> clients = new ArrayList<>();
            for (int i = 0; i < 30; i++) clients.add(StreamListener.connect(wsClient, dashboard, null));
            Await.until("30 clients are registered", GUARD, () -> dashboard.stream().clientCount() == 30);
            for (int i = 0; i < clients.size(); i++) {
                if (i % 2 == 0) {
                    clients.get(i).close();
                } else {
                    clients.get(i).socket.abort(); // the TCP connection just goes away
                }
            }
            Await.until("every client is forgotten", GUARD, () -> dashboard.stream().clientCount() == 0);
        }
    }

    @Test
    void aClientBeyondTheLimitIsRefusedWithTryAgainLater() throws Exception {
        // The dashboard closes first: HttpClient.close() waits for open WebSockets.
        try (HttpClient wsClient = HttpClient.newHttpClient(); Dashboard dashboard = Dashboard.start("127.0.0.1", 0)) {
            for (int i = 0; i < SnapshotStream.MAX_CLIENTS; i++) StreamListener.connect(wsClient, dashboard, null);
            Await.until("the limit is reached", GUARD, () -> dashboard.stream().clientCount() == SnapshotStream.MAX_CLIENTS);
            StreamListener refused = StreamListener.connect(wsClient, dashboard, null);
            assertEquals(1013, refused.closedWith.get(30, TimeUnit.SECONDS));
            assertEquals(SnapshotStream.MAX_CLIENTS, dashboard.stream().clientCount());
        }
    }

    @Test
    void aStreamRequestedByAnotherSitesPageIsRefused() throws Exception {
        // The dashboard closes first: HttpClient.close() waits for open WebSockets.
        try (HttpClient wsClient = HttpClient.newHttpClient(); Dashboard dashboard = Dashboard.start("127.0.0.1", 0)) {
            StreamListener foreign = StreamListener.connect(wsClient, dashboard, "http://evil.example");
            assertEquals(1008, foreign.closedWith.get(30, TimeUnit.SECONDS));
            assertEquals(0, foreign.frames.get());
            StreamListener own = StreamListener.connect(wsClient, dashboard, "http://127.0.0.1:" + dashboard.port());
            Await.until("the dashboard's own page gets frames", GUARD, () -> own.frames.get() > 0);
        }
    }

    @Test
    void aClientThatNeverReadsDoesNotStallTheOthers() throws Exception {
        try (HttpClient wsClient = HttpClient.newHttpClient();
             Dashboard dashboard = Dashboard.start("127.0.0.1", 0);
             Socket stuck = new Socket()) {
            stuck.setReceiveBufferSize(1024); // fill up fast
            stuck.connect(new java.net.InetSocketAddress("127.0.0.1", dashboard.port()));
            String key = Base64.getEncoder().encodeToString("gmp-dashboard-key".getBytes(StandardCharsets.US_ASCII));
            OutputStream out = stuck.getOutputStream();
            out.write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + dashboard.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = stuck.getInputStream();
            byte[] status = in.readNBytes(12);
            assertEquals("HTTP/1.1 101", new String(status, StandardCharsets.US_ASCII));
            // From here on the stuck client never reads again.

            StreamListener reader = StreamListener.connect(wsClient, dashboard, null);
            Await.until("both clients are registered", GUARD, () -> dashboard.stream().clientCount() == 2);
            int before = reader.frames.get();
            Await.until("the reading client gets 30 more frames", GUARD, () -> reader.frames.get() >= before + 30);
            try (Http http = Http.loopback(dashboard.port())) {
                assertEquals(200, http.get("/api/snapshot").statusCode());
            }
        }
    }
}

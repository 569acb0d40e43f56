package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testsupport.Http;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The dashboard answers only requests addressed to it by name (DNS rebinding defence): a page on
 * another site whose name resolves to 127.0.0.1 sends its own name as Host and is refused, on
 * every endpoint, the WebSocket included.
 */
class HostHeaderTest {
    private static Dashboard dashboard;

    @BeforeAll
    static void start() {
        dashboard = Dashboard.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        dashboard.stop();
    }

    @Test
    void aForeignHostIsRefusedWithA403NamingItAndTheAllowedHosts() throws IOException {
        for (String path : new String[] {"/", "/api/snapshot", "/api/goroutines", "/metrics", "/no-such-page"}) {
            String reply = get(path, "rebind.evil.example:" + dashboard.port());
            assertTrue(reply.startsWith("HTTP/1.1 403"), path + ": " + reply);
            assertTrue(reply.contains("Host 'rebind.evil.example:" + dashboard.port() + "' refused"), reply);
            assertTrue(reply.contains("localhost") && reply.contains("127.0.0.1"), reply);
            assertFalse(reply.contains("\"procs\""), "no data for a foreign host: " + reply);
        }
    }

    @Test
    void aWebSocketHandshakeWithAForeignHostIsRefused() throws IOException {
        String reply = raw("GET /api/stream HTTP/1.1\r\nHost: rebind.evil.example:" + dashboard.port()
                + "\r\nOrigin: http://rebind.evil.example:" + dashboard.port()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13"
                + "\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertTrue(reply.startsWith("HTTP/1.1 403"), reply);
        assertFalse(reply.contains("101"), reply);
    }

    @Test
    void theBoundAddressLocalhostAndLoopbackLiteralsAreAnswered() throws IOException {
        for (String host : new String[] {"127.0.0.1:" + dashboard.port(), "localhost:" + dashboard.port(),
                "LOCALHOST", "[::1]:" + dashboard.port()}) {
            String reply = get("/api/snapshot", host);
            assertTrue(reply.startsWith("HTTP/1.1 200"), host + ": " + reply);
        }
    }

    @Test
    void theNameGivenAsHostIsAllowedAndNoOtherName() {
        HostCheck check = new HostCheck("gmp-box.lan");
        assertTrue(check.allowed("gmp-box.lan:8080"));
        assertTrue(check.allowed("GMP-box.lan"));
        assertTrue(check.allowed("10.1.2.3:8080"), "an IP address cannot be a rebound name");
        assertFalse(check.allowed("gmp-box.lan.evil.example:8080"));
        assertFalse(check.allowed("evil.example"));
        assertTrue(new HostCheck("::1").allowed("[::1]:9000"));
    }

    private static String get(String path, String host) throws IOException {
        return raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
    }

    private static String raw(String request) throws IOException {
        return Http.raw(dashboard.port(), request, false); // the first read: a 101 would keep the socket open
    }
}

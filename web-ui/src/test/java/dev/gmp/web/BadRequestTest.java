package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.Http;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad requests get a 4xx with a short plain-text reason, never a stack trace. */
class BadRequestTest {
    private static Dashboard readOnly;
    private static Dashboard withControl;
    private static Http readOnlyHttp;
    private static Http controlHttp;

    @BeforeAll
    static void start() {
        readOnly = Dashboard.start("127.0.0.1", 0);
        withControl = Dashboard.start("127.0.0.1", 0, true);
        readOnlyHttp = Http.loopback(readOnly.port());
        controlHttp = Http.loopback(withControl.port());
    }

    @AfterAll
    static void stop() {
        readOnlyHttp.close();
        controlHttp.close();
        readOnly.stop();
        withControl.stop();
    }

    /** A clear error: the status first, plain text, one short line, nothing that looks like a Java stack. */
    private static void assertClearError(int status, HttpResponse<String> reply, String mentions) {
        assertEquals(status, reply.statusCode(), reply.body());
        assertTrue(reply.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), reply.headers().toString());
        assertTrue(reply.body().startsWith(status + " "), reply.body());
        assertTrue(reply.body().contains(mentions), "'" + reply.body() + "' should mention '" + mentions + "'");
        assertNoStackTrace(reply.body());
    }

    private static void assertNoStackTrace(String body) {
        assertFalse(body.matches("(?s).*\\bat [\\w.$]+\\(.*"), "stack trace in: " + body);
        assertFalse(body.contains("Exception"), "exception name in: " + body);
        assertTrue(body.length() < 400, "too long for a clear error: " + body);
    }

    @Test
    void unknownPathIs404NamingThePathAndTheEndpoints() {
        assertClearError(404, readOnlyHttp.get("/no/such/page"), "/no/such/page");
        assertClearError(404, readOnlyHttp.get("/api/nope"), "/api/snapshot");
    }

    @Test
    void wrongMethodIs405NamingTheAllowedOne() {
        HttpResponse<String> reply = readOnlyHttp.post("/api/snapshot", "x");
        assertClearError(405, reply, "allowed: GET");
        assertEquals("GET", reply.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void gomaxprocsPostIs403WhenControlIsOff() {
        int before = Gmp.gomaxprocs();
        assertClearError(403, readOnlyHttp.post("/api/gomaxprocs", "3"), "control is off");
        assertEquals(before, Gmp.gomaxprocs());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "abc", "0", "-3", "1025", "4.5", "99999999999", "4; rm -rf /", "0x10"})
    void gomaxprocsPostRejectsBadInputWith400NamingTheValidRange(String body) {
        int before = Gmp.gomaxprocs();
        assertClearError(400, controlHttp.post("/api/gomaxprocs", body), "integer from 1 to 1024");
        assertEquals(before, Gmp.gomaxprocs());
    }

    @Test
    void gomaxprocsPostEchoesAtMostAShortPrintableExcerptOfBadInput() {
        String body = "x".repeat(300) + "\u0001";
        HttpResponse<String> reply = controlHttp.post("/api/gomaxprocs", body);
        assertClearError(400, reply, "xxx...");
        assertFalse(reply.body().contains("\u0001"));
    }

    @Test
    void gomaxprocsPostWithAnOversizedBodyIsRefused() {
        HttpResponse<String> reply = controlHttp.post("/api/gomaxprocs", "1".repeat(GomaxprocsControl.MAX_BODY_BYTES + 1));
        assertClearError(413, reply, "at most " + GomaxprocsControl.MAX_BODY_BYTES + " bytes");
    }

    @Test
    void gomaxprocsPostFromAnotherSitesPageIs403() {
        int before = Gmp.gomaxprocs();
        HttpResponse<String> reply = controlHttp.send(HttpRequest.newBuilder(controlHttp.base().resolve("/api/gomaxprocs"))
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString("1")));
        assertClearError(403, reply, "cross-origin");
        assertEquals(before, Gmp.gomaxprocs());
    }

    @Test
    void gomaxprocsPostWithValidInputChangesGomaxprocsAndReportsThePreviousValue() {
        int before = Gmp.gomaxprocs();
        int wanted = before == 3 ? 5 : 3;
        try {
            HttpResponse<String> reply = controlHttp.send(HttpRequest.newBuilder(controlHttp.base().resolve("/api/gomaxprocs"))
                    .header("Origin", controlHttp.origin()) // the dashboard's own page
                    .POST(HttpRequest.BodyPublishers.ofString(" " + wanted + "\n")));
            assertEquals(200, reply.statusCode(), reply.body());
            assertEquals("{\"previous\":" + before + ",\"gomaxprocs\":" + wanted + "}", reply.body());
            assertEquals(wanted, Gmp.gomaxprocs());
        } finally {
            Gmp.gomaxprocs(before);
        }
    }

    @Test
    void malformedHttpIs400WithoutStackTrace() throws IOException {
        assertRawClearError(400, raw(readOnly, "GET /%zz%%/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
    }

    @Test
    void requestWithoutHostHeaderIs400WithoutStackTrace() throws IOException {
        assertRawClearError(400, raw(readOnly, "GET /api/snapshot HTTP/1.1\r\nConnection: close\r\n\r\n"));
    }

    private static void assertRawClearError(int status, String reply) {
        assertTrue(reply.startsWith("HTTP/1.1 " + status), reply);
        int split = reply.indexOf("\r\n\r\n");
        String head = reply.substring(0, split).toLowerCase(java.util.Locale.ROOT);
        String body = reply.substring(split + 4);
        assertTrue(head.contains("content-type: text/plain"), head);
        assertTrue(body.startsWith(status + " "), body);
        assertNoStackTrace(body);
    }

    private static String raw(Dashboard dashboard, String request) throws IOException {
        return Http.raw(dashboard.port(), request, true);
    }
}

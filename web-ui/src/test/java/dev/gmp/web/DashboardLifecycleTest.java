package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testsupport.Http;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DashboardLifecycleTest {

    @Test
    void portZeroBindsAFreePortOnLoopbackByDefaultAndTheUrlNamesIt() {
        try (Dashboard dashboard = Dashboard.start(null, 0); Http http = Http.loopback(dashboard.port())) {
            assertTrue(dashboard.port() > 0);
            assertEquals("http://127.0.0.1:" + dashboard.port() + "/", dashboard.url());
            assertEquals(200, http.get("/").statusCode());
        }
    }

    @Test
    void anIpv6HostIsBracketedInTheUrl() {
        assertEquals("http://[::1]:8080/", Dashboard.urlFor("::1", 8080));
        assertEquals("http://[::1]:8080/", Dashboard.urlFor("[::1]", 8080));
        assertEquals("http://localhost:8080/", Dashboard.urlFor("localhost", 8080));
    }

    @Test
    void aPortOutsideTheTcpRangeIsRejectedWithTheValidRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Dashboard.start(null, 70000));
        assertTrue(e.getMessage().contains("0 (any free port) to 65535, got 70000"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Dashboard.start(null, -1));
    }

    @Test
    void aTakenPortFailsWithAClearMessageAndLeavesNoThreads() {
        try (Dashboard first = Dashboard.start(null, 0)) {
            int threadsWithOne = ServerThreads.count();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Dashboard.start(null, first.port()));
            assertTrue(e.getMessage().startsWith("cannot start the gmp dashboard on 127.0.0.1:" + first.port()), e.getMessage());
            Await.until("the failed server's threads end", Duration.ofSeconds(30),
                    () -> ServerThreads.count() <= threadsWithOne);
        }
    }

    @Test
    void stopEndsEveryServerThreadAndIsIdempotent() {
        Dashboard dashboard = Dashboard.start(null, 0);
        assertTrue(ServerThreads.count() > 0);
        dashboard.stop();
        dashboard.stop();
        Await.until("the server's threads end", Duration.ofSeconds(30), () -> ServerThreads.count() == 0);
    }

    @Test
    void onlyANonLoopbackHostGetsTheExposureWarning() {
        assertNull(Dashboard.exposureWarning("127.0.0.1", 8080, true));
        assertNull(Dashboard.exposureWarning("localhost", 8080, true));
        assertNull(Dashboard.exposureWarning("::1", 8080, true));
        assertEquals("dashboard listens on 0.0.0.0:8080, not on loopback: anyone who can reach it can read goroutine stacks",
                Dashboard.exposureWarning("0.0.0.0", 8080, false));
        assertTrue(Dashboard.exposureWarning("0.0.0.0", 8080, true).endsWith("and change GOMAXPROCS"));
    }
}

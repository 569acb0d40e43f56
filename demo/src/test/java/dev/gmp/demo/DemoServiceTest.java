package dev.gmp.demo;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The demo service answers every endpoint under bounded load (here on the JDK's own scheduler). */
class DemoServiceTest {

    @Test
    void everyRequestOfABoundedLoadSucceeds() throws Exception {
        try (DemoService service = new DemoService(0)) {
            LoadGenerator.Result r = LoadGenerator.run(service.port(), 16, 600, Duration.ofSeconds(60));
            assertEquals(0, r.failed());
            assertEquals(600, r.ok());
        }
    }
}

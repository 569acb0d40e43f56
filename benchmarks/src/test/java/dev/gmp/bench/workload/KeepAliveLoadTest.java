package dev.gmp.bench.workload;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KeepAliveLoadTest {

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void responsesAreReadOneAfterAnotherByTheirContentLength() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nDate: x\r\ncontent-length: 5\r\n\r\nhello"
                + "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 3\r\n\r\nbad");
        assertTrue(KeepAliveLoad.readResponse(in));
        assertFalse(KeepAliveLoad.readResponse(in), "a 500 is not ok");
        assertThrows(IOException.class, () -> KeepAliveLoad.readResponse(in), "the stream has ended");
    }

    @Test
    void aResponseCutShortOrWithoutLengthIsAnError() {
        assertThrows(EOFException.class, () -> KeepAliveLoad.readResponse(stream("HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nhi")));
        IOException e = assertThrows(IOException.class,
                () -> KeepAliveLoad.readResponse(stream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")));
        assertTrue(e.getMessage().contains("without Content-Length"), e.getMessage());
    }

    @Test
    void figuresAreInverseThroughputAndLatencyQuantiles() {
        long[] latencies = new long[100];
        for (int i = 0; i < 100; i++) {
            latencies[i] = (i + 1) * 1_000_000L; // 1..100 ms
        }
        KeepAliveLoad.Outcome o = new KeepAliveLoad.Outcome(4_000, 0, Duration.ofSeconds(2), latencies);
        assertEquals(500.0, o.millisPerThousand(), 1e-9);
        assertEquals(99.0, o.latencyMillis(0.99), 1e-9);
        assertEquals(50.0, o.latencyMillis(0.5), 1e-9);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new KeepAliveLoad.Outcome(9, 2, Duration.ofSeconds(1), latencies).requireNoFailures("/db"));
        assertEquals("/db: 2 requests failed, 9 answered", e.getMessage());
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KeepAliveLoad.run(1, "/", 0, Duration.ZERO, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("connections >= 1"), e.getMessage());
    }
}

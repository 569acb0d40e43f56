package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JDK-only Chrome trace writer's number and string formats (the web-ui parser test checks whole files). */
class ChromeTraceWriterTest {

    @Test
    void microsecondsKeepEveryNanosecondWithoutFloatingPoint() {
        assertEquals("0.000", ChromeTraceWriter.micros(0));
        assertEquals("0.007", ChromeTraceWriter.micros(7));
        assertEquals("1.234", ChromeTraceWriter.micros(1_234));
        assertEquals("98765432.100", ChromeTraceWriter.micros(98_765_432_100L));
        assertEquals("-0.500", ChromeTraceWriter.micros(-500));
    }

    @Test
    void stringsEscapeQuotesBackslashesAndControlCharacters() {
        assertEquals("\"park on A\\\"B\\\\C\\n\\u0001\"", ChromeTraceWriter.quote("park on A\"B\\C\n\u0001"));
    }

    @Test
    void aSliceWithoutAPGoesOnItsMsTrackAndEveryPGetsANamedTrack() throws IOException {
        Trace t = new Trace(0, 10_000, 2,
                List.of(new Trace.Slice(-1, 7, 42, 1_000, 2_000, "park", "chan send", true)),
                List.of(), List.of(), List.of());
        StringBuilder out = new StringBuilder();
        t.writeChromeJson(out);
        String json = out.toString();
        assertTrue(json.contains("\"ph\":\"X\",\"ts\":1.000,\"dur\":1.000,\"pid\":2,\"tid\":7"), json);
        assertTrue(json.contains("\"tid\":0,\"args\":{\"name\":\"P0\"}") && json.contains("{\"name\":\"P1\"}"), json);
        assertTrue(json.contains("{\"name\":\"M7\"}"), json);
        assertTrue(json.contains("\"waitReason\":\"chan send\",\"approximate\":true}"), json);
    }
}

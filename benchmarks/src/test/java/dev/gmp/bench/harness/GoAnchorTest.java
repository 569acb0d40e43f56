package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoAnchorTest {

    @Test
    void figureIsTheValueOfTheGoLine() throws IOException {
        assertEquals(309.5, GoAnchor.parse("go pingpong_ns_per_roundtrip 309.5\n"));
        assertEquals(738, GoAnchor.parse("warming up\ngo handoff_max_gap_us 738\n"));
    }

    @Test
    void outputWithoutAFigureIsAnErrorThatQuotesIt() {
        IOException e = assertThrows(IOException.class, () -> GoAnchor.parse("panic: 42\n"));
        assertTrue(e.getMessage().contains("panic: 42"), e.getMessage());
        e = assertThrows(IOException.class, () -> GoAnchor.parse("go skynet_1M_ms fast\n"));
        assertTrue(e.getMessage().contains("non-numeric"), e.getMessage());
    }

    @Test
    void missingSourceIsNamed(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> GoAnchor.build(dir.resolve("main.go")));
        assertTrue(e.getMessage().contains("Go anchor source not found at " + dir.resolve("main.go")), e.getMessage());
    }
}

package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoProgramTest {

    @Test
    void figureIsTheValueOfTheGoLine() throws IOException {
        assertEquals(309.5, GoProgram.parse("go pingpong_ns_per_roundtrip 309.5\n"));
        assertEquals(738, GoProgram.parse("warming up\ngo handoff_max_gap_us 738\n"));
    }

    @Test
    void outputWithoutAFigureIsAnErrorThatQuotesIt() {
        IOException e = assertThrows(IOException.class, () -> GoProgram.parse("panic: 42\n"));
        assertTrue(e.getMessage().contains("panic: 42"), e.getMessage());
        e = assertThrows(IOException.class, () -> GoProgram.parse("go skynet_1M_ms fast\n"));
        assertTrue(e.getMessage().contains("non-numeric"), e.getMessage());
    }

    @Test
    void missingSourceIsNamed(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> GoProgram.build(dir.resolve("main.go")));
        assertTrue(e.getMessage().contains("Go source not found at " + dir.resolve("main.go")), e.getMessage());
    }

    @Test
    void theFairnessTwinBuildsAndPrintsEachFigure() throws Exception {
        Path source = Path.of("src/main/go/fairness/main.go").toAbsolutePath(); // tests run in benchmarks/
        GoProgram program;
        try {
            program = GoProgram.build(source);
        } catch (IOException e) {
            Assumptions.assumeFalse(e.getMessage().startsWith("cannot run 'go'"), "no Go toolchain: " + e.getMessage());
            throw e;
        }
        try (program) {
            assertTrue(program.measure("start", 1) >= 0);
            assertTrue(program.measure("sleep", 1) >= 5, "a 5 ms sleep takes at least 5 ms");
        }
    }
}

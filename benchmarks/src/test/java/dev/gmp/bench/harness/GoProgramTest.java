package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.bench.workload.GoFigure;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
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
    void programsBuiltBeforehandRunWithGomaxprocsAndReportTheirToolchain(@TempDir Path dir) throws Exception {
        Path program = dir.resolve("manycore");
        Files.writeString(program, "#!/bin/sh\necho \"go $1_figure $GOMAXPROCS\"\n");
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve(GoPrograms.VERSION_FILE), "go version go1.19.8 linux/amd64\n");
        List<GoFigure> figures = List.of(GoFigure.twin("manycore", "pairs", ""), GoFigure.twin("missing", "x", ""));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (GoPrograms programs = GoPrograms.prebuilt(figures, dir, new PrintStream(err, true, StandardCharsets.UTF_8))) {
            assertEquals(7.0, programs.measure(figures.getFirst(), 7));
            assertFalse(programs.has(figures.get(1)));
            assertEquals("go version go1.19.8 linux/amd64 (not built: missing: no executable Go program at "
                    + dir.resolve("missing") + ")", programs.describe());
        }
        assertTrue(Files.exists(program), "a program built beforehand is not deleted at close");
    }

    @Test
    void aStaticBuildRunsAsAProgramBuiltBeforehand(@TempDir Path dir) throws Exception {
        Path source = Path.of("src/main/go/fairness/main.go").toAbsolutePath(); // tests run in benchmarks/
        Path binary = dir.resolve("fairness");
        String version;
        try {
            version = GoProgram.buildStatic(source, binary);
        } catch (IOException e) {
            Assumptions.assumeFalse(e.getMessage().startsWith("cannot run 'go'"), "no Go toolchain: " + e.getMessage());
            throw e;
        }
        assertTrue(version.startsWith("go version go"), version);
        try (GoProgram program = GoProgram.prebuilt(binary, version)) {
            assertTrue(program.measure("sleep", 1) >= 5, "a 5 ms sleep takes at least 5 ms");
        }
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

package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's figures are RESULTS.md's: ./gmp bench writes both, and nobody edits one alone. */
class ReadmeTableTest {
    private static final String TABLE = "| workload | Ps |\n|---|---|\n| skynet | 2 |\n";

    @Test
    void theBlockIsReplacedWholeAndTheRestKept() {
        String readme = "# x\n\nbefore\n" + ReadmeTable.BEGIN + "\n| old |\n" + ReadmeTable.END + "\nafter\n";
        String written = ReadmeTable.withTable(readme, TABLE);
        assertEquals("# x\n\nbefore\n" + ReadmeTable.BEGIN + "\n" + TABLE + ReadmeTable.END + "\nafter\n", written);
        assertEquals(TABLE, ReadmeTable.tableIn(written));
    }

    @Test
    void aReadmeWithoutTheBlockIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReadmeTable.withTable("# x\n", TABLE));
        assertTrue(e.getMessage().contains(ReadmeTable.BEGIN), e.getMessage());
    }

    @Test
    void theTableOfAResultsFileEndsAtItsFirstBlankLine() {
        String results = "# r\n\n| | |\n|---|---|\n| date | today |\n\n" + TABLE + "\n## How\n";
        assertEquals(TABLE, ReadmeTable.tableOfResults(results));
    }

    @Test
    void theRepositorysReadmeShowsExactlyTheTableOfItsResults() throws Exception {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("benchmarks/RESULTS.md"))) {
            root = root.getParent();
            assertNotNull(root, "no benchmarks/RESULTS.md above the working directory");
        }
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        String results = Files.readString(root.resolve("benchmarks/RESULTS.md"), StandardCharsets.UTF_8);
        assertEquals(ReadmeTable.tableOfResults(results), ReadmeTable.tableIn(readme),
                "README.md's table differs from benchmarks/RESULTS.md's: run ./gmp bench, which writes both");
    }
}

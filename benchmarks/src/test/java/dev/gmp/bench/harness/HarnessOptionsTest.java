package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.bench.workload.Size;
import dev.gmp.bench.workload.Workloads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessOptionsTest {

    @Test
    void fullRunDefaultsToFiveRoundsAllWorkloadsAndBenchmarksResults(@TempDir Path repo) throws Exception {
        Files.createDirectory(repo.resolve("benchmarks"));
        HarnessOptions options = HarnessOptions.parse(List.of(), repo);
        assertEquals(Size.FULL, options.size());
        assertEquals(5, options.rounds());
        assertEquals(Workloads.all(), options.workloads());
        assertEquals(repo.resolve("benchmarks/RESULTS.md"), options.results());
    }

    @Test
    void aPartialRunWritesNoReportUnlessAsked(@TempDir Path repo) throws Exception {
        Files.createDirectory(repo.resolve("benchmarks"));
        assertNull(HarnessOptions.parse(List.of("--only", "skynet"), repo).results(),
                "RESULTS.md and the README's table hold whole runs only");
        assertEquals(repo.resolve("x.md"), HarnessOptions.parse(List.of("--only", "skynet", "--results", "x.md"), repo).results());
    }

    @Test
    void quickRunDefaultsToOneRoundNoReportAndNoGo(@TempDir Path dir) {
        HarnessOptions options = HarnessOptions.parse(List.of("--quick"), dir);
        assertEquals(Size.QUICK, options.size());
        assertEquals(1, options.rounds());
        assertNull(options.results());
        assertNull(options.goAnchor());
        assertTrue(options.noGoReason().startsWith("quick mode"), options.noGoReason());
    }

    @Test
    void fullRunOutsideTheRepositoryAsksForResultsPath(@TempDir Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(List.of(), dir));
        assertTrue(e.getMessage().contains("run from the repository root or pass --results PATH"), e.getMessage());
    }

    @Test
    void goAnchorIsFoundInSharedBesideTheCheckout(@TempDir Path root) throws Exception {
        Path anchor = root.resolve("shared/anchors/go/main.go");
        Files.createDirectories(anchor.getParent());
        Files.writeString(anchor, "package main\n");
        Path checkout = Files.createDirectories(root.resolve("main/benchmarks")).getParent();
        assertEquals(anchor, HarnessOptions.parse(List.of(), checkout).goAnchor());
        assertNull(HarnessOptions.parse(List.of("--go", "off"), checkout).goAnchor());
        assertEquals("--go off", HarnessOptions.parse(List.of("--go", "off"), checkout).noGoReason());
    }

    @Test
    void onlySelectsWorkloadsInTheGivenOrder(@TempDir Path dir) {
        HarnessOptions options = HarnessOptions.parse(List.of("--quick", "--only", "spawn,skynet"), dir);
        assertEquals(List.of("spawn", "skynet"), options.workloads().stream().map(w -> w.name()).toList());
    }

    @Test
    void procsTakesSeveralCountsInOrderAndDefaultsToTheAvailableProcessors(@TempDir Path dir) {
        assertEquals(List.of(16, 4), HarnessOptions.parse(List.of("--quick", "--procs", "16,4"), dir).procs());
        assertEquals(List.of(2), HarnessOptions.parse(List.of("--quick", "--procs", "2"), dir).procs());
        assertEquals(List.of(Runtime.getRuntime().availableProcessors()), HarnessOptions.parse(List.of("--quick"), dir).procs());
        assertMessage("--procs names 4 twice in '4,16,4'", List.of("--quick", "--procs", "4,16,4"), dir);
        assertMessage("--procs must be a whole number >= 1, got ''", List.of("--quick", "--procs", "4,"), dir);
    }

    @Test
    void goDirectoryMeansProgramsBuiltBeforehandEvenInQuickMode(@TempDir Path dir) throws Exception {
        Path binaries = Files.createDirectory(dir.resolve("go"));
        HarnessOptions options = HarnessOptions.parse(List.of("--quick", "--go", "go"), dir);
        assertEquals(binaries, options.goBinaries());
        assertNull(options.goAnchor());
        assertNull(options.goTwins());
        assertNull(HarnessOptions.parse(List.of("--quick"), dir).goBinaries());
    }

    @Test
    void badInputIsNamedWithTheValidChoices(@TempDir Path dir) {
        assertMessage("unknown workload 'nope'; valid: " + Workloads.names(), List.of("--quick", "--only", "nope"), dir);
        assertMessage("--procs must be a whole number >= 1, got '0'", List.of("--quick", "--procs", "0"), dir);
        assertMessage("--rounds needs a value", List.of("--quick", "--rounds"), dir);
        assertMessage("unknown option '--fast'", List.of("--fast"), dir);
        assertMessage("valid: auto, off, the path of the Go anchor's main.go, or a directory of built Go programs", List.of("--quick", "--go", "missing.go"), dir);
    }

    private static void assertMessage(String expected, List<String> args, Path dir) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HarnessOptions.parse(args, dir));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

package dev.gmp.bench.harness;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bench kit's layout and run.sh. Linking a runtime and compressing it take minutes, so here the
 * kit's jdk/ is this JVM's own home and its benchmark jar a thin jar over this class path; what is
 * checked is that run.sh runs the harness from the kit alone, with nothing on the PATH.
 */
class BenchKitTest {

    @Test
    void runScriptUsesTheKitsOwnJavaJarsAndCommit() throws IOException {
        String script = BenchKit.runScript("0123abcd (with uncommitted changes)");
        assertTrue(script.startsWith("#!/bin/sh\n"), script);
        assertTrue(script.contains("exec \"$kit/jdk/bin/java\" -Dstdout.encoding=UTF-8 -Dgmp.bench.agentJar=\"$kit/lib/gmp-agent.jar\" "
                + "-Dgmp.bench.commit=\"0123abcd (with uncommitted changes)\""), script);
        assertTrue(script.contains("-jar \"$kit/lib/gmp-benchmarks.jar\" --procs 16,4 $go --results \"$kit/many-core.md\" \"$@\""), script);
        assertFalse(script.matches("(?s).*@[A-Z_]+@.*"), "every placeholder is filled:\n" + script);
        assertThrows(IOException.class, () -> BenchKit.runScript("x\"; rm -rf /"));
    }

    @Test
    void goProgramsAreTheAnchorAndEveryTwinWithAMainGo(@TempDir Path repo) throws IOException {
        Path twins = Files.createDirectories(repo.resolve(HarnessOptions.TWINS));
        Files.createDirectories(twins.resolve("manycore"));
        Files.writeString(twins.resolve("manycore/main.go"), "package main\n");
        Files.createDirectories(twins.resolve("notes")); // no main.go: not a program
        Path anchor = repo.resolve(HarnessOptions.ANCHOR);
        Files.createDirectories(anchor.getParent());
        Files.writeString(anchor, "package main\n");
        assertEquals(Map.of("anchor", anchor, "manycore", twins.resolve("manycore/main.go")), BenchKit.goPrograms(repo));
    }

    @Test
    void stagingWithoutTheJarsSaysWhatToBuild(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class,
                () -> BenchKit.stage(dir.resolve("kit"), dir.resolve("none.jar"), dir.resolve("agent.jar"), "c"));
        assertTrue(e.getMessage().contains("build it first"), e.getMessage());
    }

    @Test
    void theRuntimeJarTravelsBesideTheAgentJar(@TempDir Path dir) throws Exception {
        Path agent = Files.writeString(dir.resolve("gmp-agent.jar"), "agent");
        Files.writeString(dir.resolve(BenchKit.BOOT_JAR), "runtime");
        Path kit = dir.resolve("kit");
        BenchKit.stage(kit, thinJar(dir.resolve("gmp-benchmarks.jar")), agent, "c");
        assertEquals("runtime", Files.readString(kit.resolve("lib").resolve(BenchKit.BOOT_JAR)),
                "the agent's manifest names it: beside the agent, nothing is extracted at start-up");
    }

    @Test
    void badUsageIsNamed(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertEquals(2, BenchKit.run(List.of("--fast"), dir, new PrintStream(err, true, StandardCharsets.UTF_8)));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '--fast'"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES) // a hang guard; the run takes seconds
    void runShRunsTheHarnessFromTheKitWithNothingOnThePath(@TempDir Path dir) throws Exception {
        Path kit = dir.resolve(BenchKit.TOP);
        BenchKit.stage(kit, thinJar(dir.resolve("gmp-benchmarks.jar")), agentJar(dir), "0123abcd");
        Path jdk = Files.createSymbolicLink(kit.resolve("jdk"), Path.of(System.getProperty("java.home")));
        try {
            runKit(kit, dir);
        } finally {
            Files.delete(jdk); // the link, not this JVM's home
        }
    }

    private static void runKit(Path kit, Path dir) throws Exception {

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", kit.resolve("run.sh").toString(),
                "--quick", "--only", "sleep-storm", "--procs", "1").directory(elsewhere.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().put("PATH", "/nonexistent"); // no java, no go, no git
        Process run = builder.start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(run.waitFor(2, TimeUnit.MINUTES), output);
        assertEquals(0, run.exitValue(), output);

        List<String[]> rows = HarnessQuickRunTest.dataRows(output);
        assertEquals(2, rows.size(), "the storm's wall and CPU rows:\n" + output);
        assertEquals("1", rows.getFirst()[1], output);
        assertTrue(output.contains("| ≤ 0.5× JDK |"), "UTF-8 out with no locale set:\n" + output);
        Path report = kit.resolve(ResultsReport.MANY_CORE_FILE);
        String written = Files.readString(report);
        assertTrue(written.contains("| gmp commit | 0123abcd |"), written);
        assertTrue(written.contains("Written by a bench kit's `run.sh --quick`"), written);
        assertTrue(written.contains("| Go | not measured:"), "a quick run leaves Go out:\n" + written);
        assertFalse(written.contains("## Many cores"), "the kit's own report embeds no many-core section:\n" + written);
    }

    /** The real agent jar when it is built (only rows run under it need it; this test runs none), else a stand-in. */
    private static Path agentJar(Path dir) throws IOException {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(BenchKit.AGENT_JAR))) {
                return d.resolve(BenchKit.AGENT_JAR);
            }
        }
        return Files.writeString(dir.resolve("stand-in-agent.jar"), "");
    }

    /** A jar that names BenchMain and, in its manifest's Class-Path, every entry of this JVM's class path. */
    private static Path thinJar(Path jar) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, BenchMain.class.getName());
        main.put(Attributes.Name.CLASS_PATH, Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toUri().toString()).collect(Collectors.joining(" ")));
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            return jar;
        }
    }
}

package dev.gmp.jdktests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** javac finds what a test names where jtreg would: its @library entries resolved as jtreg resolves them. */
class TestBuildTest {
    @TempDir
    Path work;

    @Test
    void librariesResolveAsInJtregTheTestLibraryTheSuiteRootAndTheTestsDirectory() throws Exception {
        Path checkout = Path.of("/src/jdk");
        Path dir = checkout.resolve("test/jdk/java/util/concurrent/Future");
        JtregTest test = new JtregTest(dir.resolve("DefaultMethods.java"), "", List.of(), List.of(),
                List.of("/test/lib", "/test/jdk", "../lib"), List.of(), List.of());
        TestBuild build = new TestBuild(checkout, Files.createDirectories(work.resolve("w")), "");
        assertEquals(List.of("/src/jdk/test/lib", "/src/jdk/test/jdk", "/src/jdk/test/jdk/java/util/concurrent/lib",
                dir.toString()), List.of(build.sourcePath(test).split(File.pathSeparator)));
    }

    @Test
    void withoutALibraryTagTheTestLibraryAndTheTestsDirectoryAreTheSourcePath() throws Exception {
        Path checkout = Path.of("/src/jdk");
        Path dir = checkout.resolve("test/jdk/java/lang/Thread/virtual");
        JtregTest test = new JtregTest(dir.resolve("Parking.java"), "", List.of(), List.of(), List.of(), List.of(), List.of());
        TestBuild build = new TestBuild(checkout, Files.createDirectories(work.resolve("w")), "");
        assertEquals(List.of("/src/jdk/test/lib", dir.toString()), List.of(build.sourcePath(test).split(File.pathSeparator)));
    }
}

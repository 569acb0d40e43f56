package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.HelloApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the runtime on the bootstrap class path comes from: the build's gmp-agent-boot.jar beside
 * the agent jar, which the JVM appends itself (class data sharing stays on, no warning), or, when
 * the agent jar travels alone, its nested copy; a boot jar of another build beside it is refused.
 */
class BootJarIT {
    /** The JVM's own note when an agent grows the bootstrap class path at run time. */
    private static final String CLASS_SHARING_NOTE = "OpenJDK 64-Bit Server VM warning: Sharing is only supported "
            + "for boot loader classes because bootstrap classpath has been appended";

    @TempDir
    Path dir;

    @Test
    void theManifestNamesTheBootJarBesideTheAgentAndItIsTheNestedOne() throws Exception {
        Path agent = ForkedJvm.agentJar();
        try (JarFile jar = new JarFile(agent.toFile())) {
            assertEquals("gmp-agent-boot.jar", jar.getManifest().getMainAttributes().getValue("Boot-Class-Path"));
            try (InputStream nested = jar.getInputStream(jar.getJarEntry("META-INF/gmp/gmp-boot.jar"))) {
                assertArrayEquals(nested.readAllBytes(), Files.readAllBytes(agent.resolveSibling("gmp-agent-boot.jar")));
            }
        }
    }

    @Test
    void besideItsBootJarTheAgentStartsWithoutTheClassSharingWarning() throws Exception {
        Result r = ForkedJvm.app(HelloApp.class).agent("dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.value("carrier").startsWith("gmp-m-"), r::toString);
        assertEquals(List.of(), r.stderr().stream().filter(line -> !line.startsWith("gmp: ")).toList(), r::toString);
    }

    @Test
    void aLoneAgentJarUsesItsNestedCopy() throws Exception {
        Path lone = Files.copy(ForkedJvm.agentJar(), dir.resolve("gmp-agent.jar"));
        Result r = ForkedJvm.app(HelloApp.class).agent(lone, "dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.value("carrier").startsWith("gmp-m-"), r::toString);
        assertTrue(r.stderr().contains(CLASS_SHARING_NOTE), r::toString);
    }

    @Test
    void aBootJarOfAnotherBuildBesideTheAgentIsRefusedAndTheAppRunsOnTheJdkScheduler() throws Exception {
        Path agent = Files.copy(ForkedJvm.agentJar(), dir.resolve("gmp-agent.jar"));
        Path stale = Files.copy(ForkedJvm.agentJar().resolveSibling("gmp-agent-boot.jar"), dir.resolve("gmp-agent-boot.jar"));
        try (FileSystem zip = FileSystems.newFileSystem(stale)) {
            Files.writeString(zip.getPath("another-build.txt"), "not the agent's own boot jar");
        }
        Result r = ForkedJvm.app(HelloApp.class).agent(agent, "dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(1, r.gmpLines().size(), r::toString);
        assertTrue(r.gmpLines().getFirst().startsWith("gmp: not started (java.io.IOException: " + stale
                + " is not the boot jar built with " + agent), r::toString);
        assertTrue(r.value("carrier").startsWith("ForkJoinPool-"), r::toString);
    }
}

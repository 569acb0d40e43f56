package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gmp.it.apps.JniSleepApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The application's own JNI natives are syscalls: a long one does not stall the other goroutines. */
class AppJniNativesIT {
    @TempDir
    Path dir;

    @Test
    void aJniSleepInOneGoroutineDoesNotStallAnotherOnTheOnlyP() throws Exception {
        Path library = compileSleepLibrary();
        Result r = ForkedJvm.app(JniSleepApp.class).agent("procs=1,dashboard=off")
                .jvmArgs("--enable-native-access=ALL-UNNAMED", "-Dgmp.it.jniLibrary=" + library).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("200", r.value("result"), "the wrapped native must still reach the C function");
        assertTrue(Long.parseLong(r.value("advancedDuringCall")) > 0,
                () -> "the counting goroutine was stalled by the JNI call:\n" + r);
        assertTrue(Long.parseLong(r.value("syscalls")) >= 1, r::toString);
    }

    /** Builds the JNI library with the system's C compiler; the test is skipped where there is none. */
    private Path compileSleepLibrary() throws Exception {
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path include = javaHome.resolve("include");
        assumeTrue(Files.isDirectory(include.resolve("linux")), "needs a Linux JDK with JNI headers");
        Path source = dir.resolve("sleep.c");
        Files.writeString(source, """
                #include <jni.h>
                #include <unistd.h>
                JNIEXPORT jint JNICALL Java_dev_gmp_it_apps_JniSleepApp_sleepMillis(JNIEnv *env, jclass c, jint ms) {
                    usleep((useconds_t) ms * 1000);
                    return ms;
                }
                """);
        assertTrue(onPath("cc"), "needs a C compiler (cc) on PATH: ./gmp test installs one, or apt-get install -y gcc");
        Path library = dir.resolve("libgmpsleep.so");
        Process cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-I" + include, "-I" + include.resolve("linux"),
                "-o", library.toString(), source.toString()).redirectErrorStream(true).start();
        String output = new String(cc.getInputStream().readAllBytes());
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS), "cc hung");
        assertEquals(0, cc.exitValue(), output);
        return library;
    }

    private static boolean onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
    }
}

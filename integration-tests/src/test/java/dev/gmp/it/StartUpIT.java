package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.HelloApp;
import dev.gmp.it.apps.OwnByteBuddyApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What start-up does with bad options, with the JDK's own scheduler settings, and with an application that brings its own Byte Buddy. */
class StartUpIT {
    @TempDir
    static Path dir;

    /** Each bad option: exit status 2, exactly one line naming option, value and valid values; main never runs. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            procs=0               | gmp: bad option procs=0; valid: a whole number from 1 to 1024
            dashboard=http        | gmp: bad option dashboard=http; valid: a port from 0 to 65535 (0: any free port) or off
            host=local_host       | gmp: bad option host=local_host; valid: an IP address or host name, e.g. 127.0.0.1 or 0.0.0.0
            jfr=/no/such/dir/a.jfr | gmp: bad option jfr=/no/such/dir/a.jfr: directory /no/such/dir does not exist; valid: a file path in an existing, writable directory, e.g. jfr=app.jfr
            blocking=Missing#     | gmp: bad option blocking=Missing#: 'Missing#' is not pkg.Class#method; valid: pkg.Class#method entries separated by ';', e.g. blocking=com.acme.Db#query;com.acme.Io#read
            redirect=maybe        | gmp: bad option redirect=maybe; valid: on or off
            control=maybe         | gmp: bad option control=maybe; valid: on or off
            schedtrace=often      | gmp: bad option schedtrace=often; valid: a period in milliseconds, 0 (off) or more
            log=loud              | gmp: bad option log=loud; valid: quiet, info or debug
            preempt=yes           | gmp: bad option preempt=yes; valid: on or off
            speed=11              | gmp: bad option speed=11: no such option; valid: options are procs, dashboard, host, control, jfr, jfrSettings, blocking, redirect, schedtrace, log, preempt, trace
            jfrSettings=profile   | gmp: bad option jfrSettings=profile: there is no jfr=FILE to record to; valid: jfrSettings together with jfr=FILE
            """)
    void aBadOptionStopsStartUpWithOneMessage(String option, String message) throws Exception {
        Result r = ForkedJvm.app(HelloApp.class).agent(option).run();
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(List.of(message), r.stderr(), r::toString);
        assertEquals(List.of(), r.stdout(), "the application must not start");
    }

    @Test
    void anUnreadableSettingsFileStopsStartUp() throws Exception {
        Path missing = dir.resolve("missing.jfc");
        Result r = ForkedJvm.app(HelloApp.class)
                .agent("jfr=" + dir.resolve("a.jfr") + ",jfrSettings=" + missing).run();
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(List.of("gmp: bad option jfrSettings=" + missing + ": " + missing
                + " is not a readable file; valid: gmp, profile or the path of a readable .jfc file"), r.stderr());
    }

    @Test
    void anInternalFailureCostsOneLineAndTheAppRunsOnTheJdkScheduler() throws Exception {
        // The runtime refuses its own setting, so the scheduler cannot start: not an agent option,
        // hence not a reason to stop the application.
        Result r = ForkedJvm.app(HelloApp.class).agent("dashboard=off").jvmArgs("-Dgmp.procs=many").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("gmp: start-up failed (java.lang.IllegalArgumentException: -Dgmp.procs must be an integer, "
                + "got 'many'); new virtual threads run on the JDK's default scheduler"), r.gmpLines(), r::toString);
        assertTrue(r.value("carrier").startsWith("ForkJoinPool-"), r::toString);
    }

    @Test
    void anApplicationTunedForTheJdksSchedulerKeepsItsParallelism() throws Exception {
        Result r = ForkedJvm.app(HelloApp.class).agent("dashboard=off")
                .jvmArgs("-Djdk.virtualThreadScheduler.parallelism=3").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.gmpLines().contains("gmp: 3 procs"), r::toString);
        assertTrue(r.value("carrier").startsWith("gmp-m-"), r::toString);
    }

    @Test
    void aJvmWithoutContinuationsRunsTheAppOnTheJdkAndSaysWhy() throws Exception {
        // -XX:-VMContinuations makes every virtual thread a platform thread: nothing gmp could
        // schedule. One line says so, before the scheduler or any instrumentation starts.
        Result r = ForkedJvm.app(HelloApp.class).agent("dashboard=off")
                .jvmArgs("-XX:+UnlockExperimentalVMOptions", "-XX:-VMContinuations").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(List.of("gmp: start-up failed (java.lang.UnsupportedOperationException: gmp needs the JVM's "
                + "continuations, and this JVM runs without them (started with -XX:-VMContinuations, or on a platform "
                + "that lacks them): its virtual threads are platform threads, which only the JDK itself can start); "
                + "new virtual threads run on the JDK's default scheduler"), r.gmpLines(), r::toString);
        assertEquals("main ran", r.stdout().get(0), r::toString);
        assertFalse(r.value("carrier").startsWith("gmp-m-"), r::toString);
    }

    @Test
    void anApplicationWithItsOwnByteBuddyRunsUnaffected() throws Exception {
        Result r = ForkedJvm.app(OwnByteBuddyApp.class).agent("dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.value("byteBuddyJar").endsWith("byte-buddy-1.15.11.jar"), r::toString);
        assertEquals("made by the app's Byte Buddy", r.value("generated"), r::toString);
        assertEquals("null", r.value("safeProperty"), "gmp's Byte Buddy setting must not reach the app's copy");
        assertTrue(r.value("carrier").startsWith("gmp-m-"), r::toString);
    }
}

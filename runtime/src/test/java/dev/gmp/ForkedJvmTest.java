package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.testsupport.ForkedJvm;
import dev.gmp.testsupport.NativeSleep;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Behaviour that ends or breaks a JVM, checked in a fresh one. */
class ForkedJvmTest {

    /** Starts one goroutine and reports. */
    public static final class GoOnce {
        public static void main(String[] args) throws Exception {
            Gmp.go(() -> System.out.println("ran")).join();
        }
    }

    /** Puts many goroutines in long native calls at once, so each needs its own M. */
    public static final class ManySyscalls {
        public static void main(String[] args) throws Exception {
            int n = Integer.parseInt(args[0]);
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Gmp.go(() -> {
                    try {
                        Gmp.syscall(() -> {
                            NativeSleep.usleep(300_000);
                            return null;
                        });
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    } finally {
                        done.countDown();
                    }
                });
            }
            done.await();
            System.out.println("all returned");
        }
    }

    @Test
    void withoutAccessToJdkInternalsTheFirstCallNamesBothRemedies() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(GoOnce.class, List.of());
        assertNotEquals(0, jvm.exitCode());
        assertTrue(jvm.output().contains("--add-opens java.base/java.lang=ALL-UNNAMED"), jvm.output());
        assertTrue(jvm.output().contains("-javaagent:gmp-agent.jar"), jvm.output());
        assertFalse(jvm.output().contains("ran"), jvm.output());
    }

    @Test
    void aTimerQueueSettingTheJdkRejectsIsReportedAndTheSchedulerStillRuns() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(GoOnce.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Djdk.virtualThreadScheduler.timerQueues=3"));
        assertEquals(0, jvm.exitCode(), jvm.output());
        assertTrue(jvm.output().contains("ran"), jvm.output());
        assertTrue(jvm.output().contains("timed parks are left to the JDK's timer queues")
                && jvm.output().contains("must be power of 2"), "says why, in the JDK's words: " + jvm.output());
    }

    @Test
    void withAccessTheSameProgramRuns() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(GoOnce.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        assertEquals(0, jvm.exitCode(), jvm.output());
        assertTrue(jvm.output().contains("ran"), jvm.output());
    }

    @Test
    void atTheThreadCapBlockingCallsKeepTheirPAndTheProgramFinishesWithOneWarning() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(ManySyscalls.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Dgmp.procs=2", "-Dgmp.maxThreads=4"), "20");
        assertEquals(0, jvm.exitCode(), jvm.output());
        assertTrue(jvm.output().contains("all returned"), jvm.output());
        assertEquals(1, jvm.output().split("-Dgmp.maxThreads exist and are busy", -1).length - 1, jvm.output());
        assertFalse(jvm.output().contains("fatal error"), jvm.output());
    }

    @Test
    void withOnThreadLimitHaltExceedingTheCapStopsTheProcessAsGoDoes() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(ManySyscalls.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Dgmp.procs=2", "-Dgmp.maxThreads=4",
                "-Dgmp.onThreadLimit=halt"), "20");
        assertEquals(2, jvm.exitCode(), jvm.output());
        assertTrue(jvm.output().contains("gmp: program exceeds 4-thread limit (-Dgmp.maxThreads)"), jvm.output());
        assertTrue(jvm.output().contains("fatal error: thread exhaustion"), jvm.output());
        assertFalse(jvm.output().contains("all returned"), jvm.output());
    }

    @Test
    void anInvalidOnThreadLimitIsRejectedWithTheValidValues() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(GoOnce.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgmp.onThreadLimit=explode"));
        assertNotEquals(0, jvm.exitCode());
        assertTrue(jvm.output().contains("-Dgmp.onThreadLimit must be 'degrade' or 'halt', got 'explode'"), jvm.output());
    }

    @Test
    void belowTheCapTheSameLoadCompletes() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(ManySyscalls.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Dgmp.procs=2"), "20");
        assertEquals(0, jvm.exitCode(), jvm.output());
        assertTrue(jvm.output().contains("all returned"), jvm.output());
    }

    @Test
    void aJvmWithoutContinuationsIsToldThatGmpNeedsThem() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(GoOnce.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-XX:+UnlockExperimentalVMOptions", "-XX:-VMContinuations"));
        assertNotEquals(0, jvm.exitCode());
        assertTrue(jvm.output().contains("java.lang.UnsupportedOperationException: gmp needs the JVM's continuations, "
                + "and this JVM runs without them"), jvm.output());
        assertFalse(jvm.output().contains("internal error"), jvm.output());
    }

    @Test
    void anInvalidProcsPropertyIsRejectedWithTheValidRange() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(GoOnce.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Dgmp.procs=zero"));
        assertNotEquals(0, jvm.exitCode());
        assertTrue(jvm.output().contains("-Dgmp.procs must be an integer, got 'zero'"), jvm.output());
    }
}

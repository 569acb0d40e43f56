package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.testsupport.ForkedJvm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code -Dgmp.schedStats}: on (the default) the scheduling-latency and slice histograms fill; off,
 * goroutines run as before, the histograms stay empty and the flight recorder still records slices
 * with real times. Each case in its own JVM, since the switch is read once.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SchedStatsSwitchTest {

    @Test
    void onByDefaultTheHistogramsFill() throws Exception {
        ForkedJvm.Result out = fork();
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("RAN 20000"), out.output());
        assertNotEquals(0, count(out.output(), "LATENCY"), out.output());
        assertNotEquals(0, count(out.output(), "SLICES"), out.output());
    }

    @Test
    void offGoroutinesRunAndTheHistogramsStayEmptyWhileTheFlightRecorderStillRecords() throws Exception {
        ForkedJvm.Result out = fork("-Dgmp.schedStats=off");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("RAN 20000"), out.output());
        assertEquals(0, count(out.output(), "LATENCY"), out.output());
        assertEquals(0, count(out.output(), "SLICES"), out.output());
        assertNotEquals(0, count(out.output(), "RECORDED"), out.output());
    }

    @Test
    void sampledStoppedAtRunTimeTheHistogramsKeepTheirCountsAndStartedAgainTheyFill() throws Exception {
        ForkedJvm.Result out = fork(StopStart.class);
        assertEquals(0, out.exitCode(), out.output());
        assertEquals(0, count(out.output(), "STOPPED_LATENCY"), out.output());
        assertEquals(0, count(out.output(), "STOPPED_SLICES"), out.output());
        assertNotEquals(0, count(out.output(), "STARTED_LATENCY"), out.output());
        assertNotEquals(0, count(out.output(), "STARTED_SLICES"), out.output());
    }

    @Test
    void offTheRunTimeSwitchRefusesWithWhy() throws Exception {
        ForkedJvm.Result out = fork(StopStart.class, "-Dgmp.schedStats=off");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("REFUSED the scheduling histograms are off for this JVM (-Dgmp.schedStats=off)"), out.output());
    }

    @Test
    void aValueOtherThanOnOrOffFailsTheStartNamingTheValidValues() throws Exception {
        ForkedJvm.Result out = fork("-Dgmp.schedStats=maybe");
        assertNotEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("-Dgmp.schedStats must be 'on' or 'off', got 'maybe'"), out.output());
    }

    private static ForkedJvm.Result fork(String... options) throws Exception {
        return fork(PingPong.class, options);
    }

    private static ForkedJvm.Result fork(Class<?> program, String... options) throws Exception {
        List<String> jvm = new java.util.ArrayList<>(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx256m"));
        jvm.addAll(List.of(options));
        return ForkedJvm.run(program, jvm);
    }

    /** The number printed after {@code label} on its own line. */
    private static long count(String output, String label) {
        return output.lines().filter(l -> l.startsWith(label + " ")).mapToLong(l -> Long.parseLong(l.substring(label.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + label + " line in:\n" + output));
    }

    /**
     * The program for the run-time switch: the ping-pong with sampling stopped, then again started;
     * prints how much each run added to the histograms. Under -Dgmp.schedStats=off, why it refused.
     */
    public static final class StopStart {
        public static void main(String[] args) throws Exception {
            try {
                Gmp.schedStatsSampling(false);
            } catch (IllegalStateException e) {
                System.out.println("REFUSED " + e.getMessage());
                return;
            }
            Snapshot before = Gmp.snapshot();
            PingPong.run();
            Snapshot stopped = Gmp.snapshot();
            System.out.println("STOPPED_LATENCY " + (stopped.schedLatency().count() - before.schedLatency().count()));
            System.out.println("STOPPED_SLICES " + (stopped.slices().count() - before.slices().count()));
            Gmp.schedStatsSampling(true);
            PingPong.run();
            Snapshot started = Gmp.snapshot();
            System.out.println("STARTED_LATENCY " + (started.schedLatency().count() - stopped.schedLatency().count()));
            System.out.println("STARTED_SLICES " + (started.slices().count() - stopped.slices().count()));
        }
    }

    /** The program: two goroutines hand 10,000 messages each way, then it prints what the scheduler saw. */
    public static final class PingPong {
        public static void main(String[] args) throws Exception {
            run();
            Snapshot s = Gmp.snapshot();
            System.out.println("RAN " + 2 * ROUNDS);
            System.out.println("LATENCY " + s.schedLatency().count());
            System.out.println("SLICES " + s.slices().count());
            System.out.println("RECORDED " + Gmp.flightRecorder().last(Duration.ofMinutes(1)).slices().stream()
                    .filter(slice -> slice.endNanos() > slice.startNanos()).count());
        }

        static final int ROUNDS = 10_000;

        static void run() throws Exception {
            int rounds = ROUNDS;
            SynchronousQueue<Integer> ping = new SynchronousQueue<>(), pong = new SynchronousQueue<>();
            Thread a = Gmp.go(() -> {
                try {
                    for (int i = 0; i < rounds; i++) { ping.put(i); pong.take(); }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            Thread b = Gmp.go(() -> {
                try {
                    for (int i = 0; i < rounds; i++) { ping.take(); pong.put(i); }
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            if (!a.join(Duration.ofSeconds(60)) || !b.join(Duration.ofSeconds(60))) throw new AssertionError("ping-pong hung");
        }
    }
}

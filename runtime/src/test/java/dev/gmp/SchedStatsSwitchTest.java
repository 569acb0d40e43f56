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
    void aValueOtherThanOnOrOffFailsTheStartNamingTheValidValues() throws Exception {
        ForkedJvm.Result out = fork("-Dgmp.schedStats=maybe");
        assertNotEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("-Dgmp.schedStats must be 'on' or 'off', got 'maybe'"), out.output());
    }

    private static ForkedJvm.Result fork(String... options) throws Exception {
        List<String> jvm = new java.util.ArrayList<>(List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmx256m"));
        jvm.addAll(List.of(options));
        return ForkedJvm.run(PingPong.class, jvm);
    }

    /** The number printed after {@code label} on its own line. */
    private static long count(String output, String label) {
        return output.lines().filter(l -> l.startsWith(label + " ")).mapToLong(l -> Long.parseLong(l.substring(label.length() + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + label + " line in:\n" + output));
    }

    /** The program: two goroutines hand 10,000 messages each way, then it prints what the scheduler saw. */
    public static final class PingPong {
        public static void main(String[] args) throws Exception {
            int rounds = 10_000;
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
            Snapshot s = Gmp.snapshot();
            System.out.println("RAN " + 2 * rounds);
            System.out.println("LATENCY " + s.schedLatency().count());
            System.out.println("SLICES " + s.slices().count());
            System.out.println("RECORDED " + Gmp.flightRecorder().last(Duration.ofMinutes(1)).slices().stream()
                    .filter(slice -> slice.endNanos() > slice.startNanos()).count());
        }
    }
}

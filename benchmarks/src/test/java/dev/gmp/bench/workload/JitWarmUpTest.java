package dev.gmp.bench.workload;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class JitWarmUpTest {

    @Test
    void warmsUpUntilAStepPassesWithTheCompilersQuiet() throws Exception {
        AtomicLong compiled = new AtomicLong();
        int[] steps = {0};
        JitWarmUp.Outcome outcome = JitWarmUp.untilQuiet("test", Duration.ofSeconds(30), () -> {
            Thread.sleep(5);
            if (++steps[0] <= 3) compiled.addAndGet(1_000); // the compilers busy in the first three steps
        }, compiled::get);
        assertEquals(4, outcome.steps());
        assertTrue(outcome.quiet());
    }

    @Test
    void stopsAtTheCapWhenTheCompilersNeverSettle() throws Exception {
        AtomicLong compiled = new AtomicLong();
        JitWarmUp.Outcome outcome = JitWarmUp.untilQuiet("test", Duration.ofMillis(50), () -> {
            Thread.sleep(10);
            compiled.addAndGet(1_000);
        }, compiled::get);
        assertFalse(outcome.quiet());
        assertTrue(outcome.elapsed().compareTo(Duration.ofMillis(50)) >= 0, "ran to the cap: " + outcome.elapsed());
        assertTrue(outcome.steps() < 20, "stopped near the cap: " + outcome.steps() + " steps");
    }

    @Test
    void aCapOfZeroIsOneStep() throws Exception {
        JitWarmUp.Outcome outcome = JitWarmUp.untilQuiet("test", Duration.ZERO, () -> {}, () -> 0);
        assertEquals(1, outcome.steps());
    }
}

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.SpinningGoroutineApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import org.junit.jupiter.api.Test;

/** preempt=on: a CPU-bound goroutine yields its P at loop back-edges when sysmon asks. */
class PreemptionIT {
    @Test
    void aSpinningGoroutineNoLongerStarvesAnotherOnTheOnlyP() throws Exception {
        Result r = ForkedJvm.app(SpinningGoroutineApp.class).agent("procs=1,preempt=on,dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("true", r.value("stopped"), r::toString);
        assertTrue(Long.parseLong(r.value("iterations")) > 0, r::toString);
        assertTrue(r.gmpLines().contains("gmp: 1 proc, preempt on"), r::toString);
    }
}

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.HeapExhaustionApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import org.junit.jupiter.api.Test;

/**
 * An exhausted heap is a failure every thread meets, gmp's own too. An M or sysmon whose recovery
 * threw a second OutOfMemoryError (building the report, or even the first use of a string constant
 * in a catch block) died: sysmon, and with it every retake and preemption, in 3 of 3 runs of this
 * application before the fix.
 */
class HeapExhaustionIT {

    @Test
    void theSchedulerOutlivesAnExhaustedHeap() throws Exception {
        Result r = ForkedJvm.app(HeapExhaustionApp.class).agent("procs=2,dashboard=off").jvmArgs("-Xmx256m", "--enable-native-access=ALL-UNNAMED").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("true", r.value("workersDone"), r::toString);
        assertEquals("alive", r.value("sysmon"), r::toString);
        assertTrue(Long.parseLong(r.value("advancedDuringCall")) > 0,
                () -> "with one P, nothing ran during a blocking call: sysmon no longer retakes Ps\n" + r);
        assertEquals("true", r.value("sleepsDone"), r::toString);
        assertFalse(r.toString().contains("thrown from the UncaughtExceptionHandler"), r::toString);
    }
}

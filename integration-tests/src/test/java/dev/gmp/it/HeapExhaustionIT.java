package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        assertEquals("alive", r.value("sysmon"), r::toString);
        assertEquals("true", r.value("sleepsDone"), r::toString);
        // Not asserted, though the app prints them: workersDone and advancedDuringCall. In about 1
        // of 7 runs one worker never finished (a wake-up lost while the heap was full: a joiner
        // WAITING on a finished child, or a RUNNABLE thread in no run queue), and in one fresh-clone
        // run the retake after it did not happen either. The cause is not found yet (see the
        // issue's note); this test keeps to what the fix guarantees.
        assertFalse(r.toString().contains("thrown from the UncaughtExceptionHandler"), r::toString);
    }
}

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.SpawnLoopApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import org.junit.jupiter.api.Test;

/**
 * Under the agent, creating a virtual thread is a preemption point, as {@code Gmp.go} is: on the
 * only P, an application thread that starts threads in a loop without ever blocking lets the ones
 * it started run once sysmon has flagged its slice, instead of keeping the P for the whole loop.
 */
class SpawnLoopIT {
    @Test
    void onOnePAVirtualThreadStartingThreadsInALoopLetsThemRun() throws Exception {
        Result r = ForkedJvm.app(SpawnLoopApp.class).agent("dashboard=off,procs=1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.value("carrier").startsWith("gmp-m-"), "the spawner ran on gmp:\n" + r);
        assertEquals("true", r.value("ran"), "a thread it started ran within 5 s of spawning:\n" + r);
    }
}

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gmp.it.apps.QueuedWorkApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import org.junit.jupiter.api.Test;

/**
 * The JDK's hand-off queues spin before they park unless the carrier "has known queued work", a
 * test the JDK answers only for its own ForkJoinPool carriers. Under the agent gmp answers it for
 * its Ms: true while a G waits on the caller's P, so a SynchronousQueue hand-off parks at once and
 * the G it woke runs, instead of spinning in front of it.
 */
class HandOffQueuesIT {
    @Test
    void aGoroutineThatWokeAnotherOnItsPHasKnownQueuedWork() throws Exception {
        Result r = ForkedJvm.app(QueuedWorkApp.class).agent("dashboard=off,procs=1")
                .jvmArgs("--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("false", r.value("alone"), r::toString);
        assertEquals("true", r.value("queued"), r::toString);
        assertEquals(String.valueOf(10_000L * 10_001 / 2), r.value("sum"), r::toString);
    }

    @Test
    void asTheJdkAnswersOnItsOwnCarriers() throws Exception {
        Result r = ForkedJvm.app(QueuedWorkApp.class)
                .jvmArgs("--add-opens", "java.base/java.util.concurrent=ALL-UNNAMED",
                        "-Djdk.virtualThreadScheduler.parallelism=1").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("false", r.value("alone"), r::toString);
        assertEquals("true", r.value("queued"), "the JDK's own answer on its ForkJoinPool carrier:\n" + r);
    }
}

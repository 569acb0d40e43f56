package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.CustomSchedulerApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import org.junit.jupiter.api.Test;

/** Under the agent a virtual thread inherits its creator's custom scheduler, as in the JDK. */
class CustomSchedulerIT {
    @Test
    void aVirtualThreadCreatedOnACustomSchedulerStaysOnIt() throws Exception {
        Result r = ForkedJvm.app(CustomSchedulerApp.class).agent("dashboard=off")
                .jvmArgs("--add-opens", "java.base/java.lang=ALL-UNNAMED").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("custom-carrier", r.value("parent"), r::toString);
        assertEquals("custom-carrier", r.value("child"), "inherited, not a goroutine:\n" + r);
        assertTrue(r.value("ordinaryChild").startsWith("gmp-m-"), "a goroutine's child is a goroutine:\n" + r);
    }
}

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gmp.it.apps.SocketPollerApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import org.junit.jupiter.api.Test;

/** The JDK's own virtual threads (its socket sub-pollers) are system goroutines under the agent, as in Go. */
class SystemGoroutinesIT {
    @Test
    void theJdksSocketPollersAreLeftOutOfNumGoroutineAndTheDumpUnlessAskedFor() throws Exception {
        Result r = ForkedJvm.app(SocketPollerApp.class).agent("dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("7", r.value("read"), r::toString);
        assertEquals("0", r.value("numGoroutine"), "the app's goroutines are done:\n" + r);
        assertEquals("0", r.value("dumpTotal"), r::toString);
        assertEquals("false", r.value("pollerInDump"), r::toString);
        assertEquals("true", r.value("pollerInSystemDump"), "shown on request:\n" + r);
    }
}

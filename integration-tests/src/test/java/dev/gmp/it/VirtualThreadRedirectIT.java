package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.UnstartedThreadsApp;
import dev.gmp.it.apps.VirtualThreadPerTaskApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An unmodified application's virtual threads run on gmp under the agent. */
class VirtualThreadRedirectIT {
    @Test
    void everyVirtualThreadOfAnOrdinaryAppRunsOnAGmpM() throws Exception {
        Result r = ForkedJvm.app(VirtualThreadPerTaskApp.class).agent("procs=2,dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<String> carriers = r.values("carrier");
        assertEquals(42, carriers.size(), r::toString);
        for (String carrier : carriers) {
            assertTrue(carrier.startsWith("gmp-m-"), () -> "ran on " + carrier + "\n" + r);
        }
        assertTrue(Long.parseLong(r.value("created")) >= 42, r::toString);
    }

    @Test
    void virtualThreadsTheAppNeverStartsAreNoGoroutinesAndAreCollected() throws Exception {
        Result r = ForkedJvm.app(UnstartedThreadsApp.class).agent("procs=2,dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("0", r.value("goroutines"), r::toString);
        assertEquals("0", r.value("uncollected"), r::toString);
        assertTrue(r.value("carrier").startsWith("gmp-m-"), () -> "a started one still runs on gmp\n" + r);
    }

    @Test
    void startUpSaysWhatIsOnAndThatTheSelfTestPassed() throws Exception {
        Result r = ForkedJvm.app(VirtualThreadPerTaskApp.class).agent("procs=3,dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<String> lines = r.gmpLines();
        assertTrue(lines.stream().anyMatch(line -> line.matches("gmp: self-test passed: a new virtual thread ran on gmp-m-\\d+")),
                r::toString);
        assertTrue(lines.contains("gmp: 3 procs"), r::toString);
    }

    @Test
    void theRuntimeIsLoadedOnceFromTheBootstrapPathEvenWhenTheAppBundlesIt() throws Exception {
        Result r = ForkedJvm.app(VirtualThreadPerTaskApp.class).agent("dashboard=off").withRuntimeOnClassPath().run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("null", r.value("gmpLoader"), "gmp's classes must come from the bootstrap loader");
        r.values("carrier").forEach(carrier -> assertTrue(carrier.startsWith("gmp-m-"), carrier));
    }

    @Test
    void redirectOffLeavesVirtualThreadsOnTheJdkScheduler() throws Exception {
        Result r = ForkedJvm.app(VirtualThreadPerTaskApp.class).agent("redirect=off,dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        for (String carrier : r.values("carrier")) {
            assertTrue(carrier.startsWith("ForkJoinPool-"), () -> "ran on " + carrier + "\n" + r);
        }
        assertTrue(r.gmpLines().stream().anyMatch(line -> line.endsWith(", redirect off")), r::toString);
    }
}

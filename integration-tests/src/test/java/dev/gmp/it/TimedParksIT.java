package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.TimedParksApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under the agent, virtual threads' timed parks (sleep, parkNanos, timed Object.wait, timed j.u.c.
 * waits) time out through gmp's per-P timers, not the JDK's timer threads, with 1 P and with many.
 */
class TimedParksIT {
    private static final Set<String> KINDS = Set.of("sleep", "parkNanos", "objectWait", "conditionAwait", "queuePoll", "latchAwait");

    @ParameterizedTest(name = "procs={0}")
    @ValueSource(ints = {1, 4})
    void everyKindOfTimedParkTimesOutThroughTheSchedulersTimersAndAnUnparkEndsOneEarly(int procs) throws Exception {
        Result r = ForkedJvm.app(TimedParksApp.class).agent("procs=" + procs + ",dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<String> waits = r.values("timedOut");
        assertEquals(20 * KINDS.size(), waits.size(), r::toString);
        for (String wait : waits) {
            String[] kindNanosCarrier = wait.split(":");
            assertTrue(Long.parseLong(kindNanosCarrier[1]) >= TimeUnit.MILLISECONDS.toNanos(5),
                    () -> kindNanosCarrier[0] + " returned before its timeout: " + wait + "\n" + r);
            assertTrue(kindNanosCarrier[2].startsWith("gmp-m-"), () -> wait + " resumed off gmp\n" + r);
        }
        assertEquals(KINDS, waits.stream().map(w -> w.split(":")[0]).collect(Collectors.toSet()), r::toString);
        assertTrue(Long.parseLong(r.value("timersFired")) >= waits.size(),
                () -> "fewer scheduler timers fired than timed parks timed out\n" + r);
        assertEquals("", r.value("jdkTimerThreads"), () -> "the JDK's own timer threads were used\n" + r);
        // The cancel path: the JDK cancels the timer of a park that an unpark ended early.
        assertTrue(Long.parseLong(r.value("early")) < TimeUnit.SECONDS.toNanos(30),
                () -> "a 60 s park unparked at once still waited for its timer\n" + r);
    }
}

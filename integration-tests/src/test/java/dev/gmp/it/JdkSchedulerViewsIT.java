package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.JdkSchedulerViewsApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Under the agent the JDK's views of its scheduler describe gmp. Its
 * {@code VirtualThreadSchedulerMXBean} reads and sets GOMAXPROCS as its parallelism, counts gmp's
 * carriers and run queues, and a program that raises it to get a second carrier (as the JDK's own
 * tests do before pinning one) gets a second P. {@code jcmd PID Thread.vthread_scheduler} prints
 * Go's scheddetail report.
 */
class JdkSchedulerViewsIT {

    @Test
    void theJdksSchedulerBeanAndJcmdDescribeAndTuneGmp() throws Exception {
        Result r = ForkedJvm.app(JdkSchedulerViewsApp.class).agent("procs=2,dashboard=off").run();
        assertEquals(0, r.exitCode(), r::toString);

        assertEquals("2", r.value("parallelism"), r::toString);
        assertEquals("2", r.value("proxyParallelism"), () -> "through the platform MBean server\n" + r);
        assertEquals("3", r.value("gomaxprocsAfterSet"), r::toString);
        List<String> jcmd = r.values("jcmd");
        assertTrue(jcmd.get(0).startsWith("gmp,"), () -> "jcmd Thread.vthread_scheduler did not describe gmp\n" + r);
        assertTrue(jcmd.getLast().startsWith("the JDK's scheduler, for virtual threads started before the agent: "), r::toString);
        assertTrue(jcmd.get(1).startsWith("SCHED ") && jcmd.get(1).contains("gomaxprocs=3"), r::toString);
        assertEquals(List.of("  P0:", "  P1:", "  P2:"), jcmd.subList(2, 5).stream().map(l -> l.substring(0, 5)).toList(),
                () -> "one line per P after the schedtrace line\n" + r);
        assertTrue(jcmd.stream().anyMatch(l -> l.startsWith("  M")), () -> "no line for an M\n" + r);
        assertEquals("2", r.value("proxyGomaxprocsAfterSet"), r::toString);

        List<String> refused = r.values("refused");
        assertEquals(3, refused.size(), r::toString);
        for (String message : refused) {
            assertTrue(message.contains("must be between 1 and 32767"), () -> "unclear refusal: " + message + "\n" + r);
        }
        assertTrue(refused.get(2).endsWith("got 32768"), r::toString);

        assertTrue(Integer.parseInt(r.value("poolSize")) >= 2, () -> "fewer carriers than busy Ps\n" + r);
        assertTrue(Integer.parseInt(r.value("mounted")) >= 2, () -> "the busy threads were not counted as mounted\n" + r);
        assertTrue(Long.parseLong(r.value("queued")) >= 5, () -> "threads started on busy Ps were not counted as queued\n" + r);

        assertEquals("true", r.value("pinnedWaitNotified"),
                () -> "a pinned Object.wait kept the only P although the bean asked for two\n" + r);
    }
}

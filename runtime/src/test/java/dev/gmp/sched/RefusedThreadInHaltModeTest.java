package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.testsupport.ForkedJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With {@code -Dgmp.onThreadLimit=halt} a new M whose thread cannot start stops the process as Go
 * does ({@code fatal error: newosproc}, exit 2), where the default goes on with the Ms it has.
 */
class RefusedThreadInHaltModeTest {

    /** Makes the next new M's start fail, then needs new Ms: more goroutines in system calls than Ms. */
    public static final class NeedsMoreMs {
        public static void main(String[] args) throws Exception {
            Sched sched = Sched.get();
            Sched.mStartsToFailForTests.set(1);
            int n = sched.allm.size() + 3;
            Thread[] gs = new Thread[n];
            for (int i = 0; i < n; i++) {
                gs[i] = Gmp.go(() -> {
                    Gmp.entersyscall();
                    long end = System.nanoTime() + 200_000_000L;
                    while (System.nanoTime() < end) {
                        Thread.onSpinWait(); // 200 ms "in native code": sysmon hands the P to another M
                    }
                    Gmp.exitsyscall();
                });
            }
            for (Thread g : gs) {
                g.join();
            }
            System.out.println("all returned");
        }
    }

    @Test
    void aThreadTheJvmCannotStartStopsTheProcessInHaltMode() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(NeedsMoreMs.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgmp.procs=2", "-Dgmp.onThreadLimit=halt"));
        assertEquals(2, jvm.exitCode(), jvm.output());
        assertTrue(jvm.output().contains("fatal error: newosproc"), jvm.output());
        assertFalse(jvm.output().contains("all returned"), jvm.output());
    }

    @Test
    void byDefaultTheSameProgramFinishesWithOneWarning() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(NeedsMoreMs.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-Dgmp.procs=2"));
        assertEquals(0, jvm.exitCode(), jvm.output());
        assertTrue(jvm.output().contains("all returned"), jvm.output());
        assertEquals(1, jvm.output().split("could not start a new M", -1).length - 1, jvm.output());
    }
}

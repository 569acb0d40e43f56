package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.SchedWarning;
import dev.gmp.SchedWarning.Kind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;

/**
 * Warnings are counted exactly and kept sparingly, without a lock on the counting path: every M
 * may report a G that waited too long at the same moment (a backlog of a million Gs does that).
 */
class SchedWarningsTest {
    private static final long MS = 1_000_000;

    @Test
    void theFirstWarningIsKeptAndOthersWithinTheGapAreOnlyCounted() {
        SchedWarnings warnings = new SchedWarnings();
        G g = DetachedGs.of(7);
        long t = 123 * MS;
        warnings.runnableTooLong(g, 0, 150 * MS, t);
        warnings.runnableTooLong(g, 1, 150 * MS, t + 1 * MS);
        warnings.runnableTooLong(g, 1, 150 * MS, t + SchedWarnings.MIN_GAP_MILLIS * MS);
        assertEquals(3, warnings.count(Kind.RUNNABLE_TOO_LONG));
        List<SchedWarning> kept = warnings.recent();
        assertEquals(2, kept.size(), "the first, and the first a whole gap later: " + kept);
        assertEquals(0, warnings.count(Kind.LONG_RUNNING));
    }

    @Test
    void manyMsReportingAtOnceAreAllCountedAndOnlyOneIsKeptPerGap() throws Exception {
        SchedWarnings warnings = new SchedWarnings();
        int threads = 8, each = 20_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        long now = 5 * MS; // one instant for all: exactly one of them may win the ring
        List<Thread> all = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            G g = DetachedGs.of(100 + i);
            int p = i;
            all.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                for (int n = 0; n < each; n++) {
                    warnings.runnableTooLong(g, p, 200 * MS, now);
                }
            }));
        }
        for (Thread t : all) {
            t.join();
        }
        assertEquals((long) threads * each, warnings.count(Kind.RUNNABLE_TOO_LONG));
        assertEquals(1, warnings.recent().size(), "one kept at one instant, whoever won");
    }
}

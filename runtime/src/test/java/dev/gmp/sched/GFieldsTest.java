package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.jfr.GoParkEvent;
import dev.gmp.jfr.SyscallEvent;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The G's packed fields: its flag byte, its start ticks, its derived tracking and its lazy JFR side object. */
class GFieldsTest {

    @Test
    void setOnceFlagsSurviveTheOverflowClaimsAndTheExitThatShareTheirByte() {
        G g = DetachedGs.of(7);
        g.markSystem();
        g.markForeign();
        assertTrue(g.claimOverflow());
        assertFalse(g.claimOverflow(), "on the overflow stack already");
        assertTrue(g.markExited());
        assertFalse(g.markExited(), "exactly once");
        g.releaseOverflow();
        assertTrue(g.claimOverflow(), "released, it may overflow again");
        assertTrue(g.isSystem() && g.isForeign(), "set before publication, never lost to a CAS");
        assertFalse(g.markExited(), "the exit mark survives the overflow's claim and release");
    }

    @Test
    void exitAndOverflowClaimRacingOnOneByteLoseNeitherBit() throws Exception {
        for (int round = 0; round < 5_000; round++) {
            G g = DetachedGs.of(round);
            g.markSystem();
            CyclicBarrier start = new CyclicBarrier(2);
            AtomicInteger exits = new AtomicInteger();
            Thread exiter = Thread.ofPlatform().start(() -> {
                await(start);
                if (g.markExited()) exits.incrementAndGet();
            });
            await(start);
            for (int i = 0; i < 3; i++) { // claim and release while the other thread marks the exit
                assertTrue(g.claimOverflow(), "round " + round);
                g.releaseOverflow();
            }
            exiter.join();
            assertEquals(1, exits.get());
            assertFalse(g.markExited(), "round " + round + ": the exit bit was lost");
            assertTrue(g.isSystem());
            assertTrue(g.claimOverflow(), "round " + round + ": a release was lost");
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void ageIsNeverUnderTheTrueAgeAndAtMostOneTickOver() {
        long tick = 1L << 24;
        long[] starts = {0, 123_456_789, -5 * tick - 17, Long.MAX_VALUE / 4, 7 * tick - 1};
        long[] ages = {0, 1, tick - 1, tick, 3_600_000_000_000L, 300L * 24 * 3_600_000_000_000L};
        for (long start : starts) {
            G g = DetachedGs.of(1);
            g.stampStart(start);
            for (long age : ages) {
                long shown = g.ageNanos(start + age);
                assertTrue(shown >= age && shown - age < tick, "start " + start + ", age " + age + ": " + shown);
            }
        }
    }

    @Test
    void aGStampedAfterTheReadingIsOfAgeZero() {
        G g = DetachedGs.of(1);
        long now = 10L << 24;
        g.stampStart(now + (5L << 24));
        assertEquals(0, g.ageNanos(now));
    }

    @Test
    void trackedFollowsTheSequenceThatReadyCounted() {
        G g = DetachedGs.of(42);
        for (int i = 0; i < 3 * Sched.TRACKING_PERIOD; i++) {
            int seq = g.trackingSeq++; // as Sched.ready counts a transition to runnable
            boolean timed = SchedStats.ENABLED && (seq & (Sched.TRACKING_PERIOD - 1)) == 0;
            assertEquals(timed, g.tracked(), "sequence " + seq);
        }
        assertEquals(3 * Sched.TRACKING_PERIOD, g.readies());
    }

    @Test
    void eventsNeedNoSideObjectUntilOneIsOpen() throws Exception {
        G g = DetachedGs.of(1);
        g.syscallEvent(null);
        g.parkEvent(null);
        assertNull(g.syscallEvent());
        assertNull(g.parkEvent());
        assertNull(sideObject(g), "clearing an event that was never open must not allocate");
        GoParkEvent park = new GoParkEvent();
        SyscallEvent call = new SyscallEvent();
        g.parkEvent(park);
        g.syscallEvent(call);
        assertSame(park, g.parkEvent());
        assertSame(call, g.syscallEvent());
        Object side = sideObject(g);
        g.parkEvent(null);
        assertNull(g.parkEvent());
        assertSame(call, g.syscallEvent(), "each event has its own slot");
        assertSame(side, sideObject(g), "made once, then kept");
    }

    private static Object sideObject(G g) throws ReflectiveOperationException {
        var field = G.class.getDeclaredField("events");
        field.setAccessible(true);
        return field.get(g);
    }
}

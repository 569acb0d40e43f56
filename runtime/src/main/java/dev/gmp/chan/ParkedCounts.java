package dev.gmp.chan;

import dev.gmp.sched.Sched;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many threads are parked in gmp's primitives (channels, select, WaitGroup), split into gmp Gs
 * and other threads (platform threads, virtual threads not scheduled by gmp). This is all the
 * deadlock detector needs from the hot path: one counter increment per park and one per wake-up.
 * A caller running on a P it owns counts Gs in that P's own counters (plain stores, no atomic, no
 * shared cache line); any other caller, and any non-G waiter, in striped counters here.
 *
 * <p>Only monotonic counters are kept: parked = parks − wakes. A park is counted under the queue
 * owner's lock before the waiter can be dequeued, and its wake-up by the waker that dequeued it,
 * so a thread counts as parked from the moment it is enqueued until someone has chosen to wake it
 * (not until it runs again): a woken G waiting for a P is never mistaken for a blocked one.
 */
public final class ParkedCounts {
    private ParkedCounts() {}

    private static final LongAdder PARKS_G = new LongAdder();
    private static final LongAdder WAKES_G = new LongAdder();
    private static final LongAdder PARKS_OTHER = new LongAdder();
    private static final LongAdder WAKES_OTHER = new LongAdder();

    /**
     * Counters read at one moment.
     *
     * @param parksG     parks of gmp Gs since start
     * @param wakesG     wake-ups of gmp Gs since start
     * @param parksOther parks of other threads since start
     * @param wakesOther wake-ups of other threads since start
     */
    public record Sample(long parksG, long wakesG, long parksOther, long wakesOther) {
        /** Gs parked in gmp primitives and not yet chosen to be woken. */
        public long parkedGs() {
            return parksG - wakesG;
        }
    }

    /**
     * Reads the counters. Each parks counter is read before its wakes counter, so a park and
     * wake-up racing with the read can make the parked count too low, never too high: the
     * detector may miss a moment of deadlock, but cannot invent one.
     */
    public static Sample sample() {
        Sched s = Sched.getIfStarted();
        long parksG = PARKS_G.sum() + (s == null ? 0 : s.primitiveParksOnPs());
        long wakesG = WAKES_G.sum() + (s == null ? 0 : s.primitiveWakesOnPs());
        long parksOther = PARKS_OTHER.sum();
        long wakesOther = WAKES_OTHER.sum();
        return new Sample(parksG, wakesG, parksOther, wakesOther);
    }

    /** True when the caller is a goroutine of gmp's scheduler. */
    static boolean callerIsG() {
        Sched s = Sched.getIfStarted();
        return s != null && s.currentG() != null;
    }

    /** A waiter was enqueued (queue lock held), or a thread parks for good. */
    static void parked(boolean isG) {
        if (isG) {
            if (!Sched.countPrimitiveParkOnOwnP()) {
                PARKS_G.increment();
            }
        } else {
            PARKS_OTHER.increment();
        }
    }

    /** A waiter was chosen to be woken (by its waker). */
    static void woke(boolean isG) {
        if (isG) {
            if (!Sched.countPrimitiveWakeOnOwnP()) {
                WAKES_G.increment();
            }
        } else {
            WAKES_OTHER.increment();
        }
    }
}

package dev.gmp.sched;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Keeps the JVM's per-thread handles of different Ms off shared cache lines.
 *
 * <p>HotSpot keeps four handles for every thread it runs (its {@code Thread} object, the virtual
 * thread mounted on it, that thread's JVMTI view, its scoped-value cache) in one table shared by all
 * threads, eight handles to a cache line, handed out lowest free slot first as threads start. A
 * carrier writes the mounted-thread handle at every mount and unmount and reads it at every
 * {@code Thread.currentThread()}. Two Ms started one after the other get neighbouring handles, so
 * when both are busy, every hand-off on one CPU takes that line from the other. Two park/unpark pairs,
 * one per P on 2 cores, made a round trip every 415-660 ns when the two busy Ms had been started one
 * after the other, and every 190-300 ns when one of them was the first M, whose neighbours are threads
 * that never mount.
 *
 * <p>So just before an M starts, {@value #PER_M} daemon threads that only park ({@code gmp-spacer-*})
 * take the lowest eight free handles: first any holes that threads which ended left (the JIT's
 * compiler threads come and go), then the eight after the last M's spacers' or other threads'.
 * Between an earlier M's last handle and this M's first there are then eight others, so no cache line
 * holds handles of two Ms, whatever the alignment. It is best effort: holes of more than eight handles
 * in all, or a platform thread of the application started at the same moment, can still put an M
 * beside another.
 *
 * <p>Cost: two parked platform threads per M, for at most {@value #MAX_SPACED_MS} Ms; none on a
 * machine with one CPU, where no two Ms run at once, or with {@code -Dgmp.carrierSpacers=off}. A
 * spacer whose thread cannot be started (the OS refuses threads) ends the spacing for good and costs
 * the M nothing: spacers must never take the threads that Ms need.
 */
final class CarrierSpacers {
    /** Spacers before each M: four handles each, eight in all (see the class comment). */
    static final int PER_M = 2;
    /** Ms that get spacers; later ones go without (few programs keep more Ms busy at once). */
    static final int MAX_SPACED_MS = 64;
    /** A spacer's requested stack: it only parks (the JVM rounds it up to its minimum). */
    private static final long STACK_BYTES = 64 * 1024;
    static final String NAME_PREFIX = "gmp-spacer-";

    /** Tests: this many of the next spacer starts fail, as when the OS refuses a thread. */
    static final AtomicInteger startsToFailForTests = new AtomicInteger();

    private final boolean enabled;
    private final int maxSpacedMs;
    private final AtomicInteger spacedMs = new AtomicInteger();
    /** Set once a spacer could not start: no more are tried. */
    private volatile boolean refused;

    CarrierSpacers(boolean enabled) {
        this(enabled, MAX_SPACED_MS);
    }

    CarrierSpacers(boolean enabled, int maxSpacedMs) {
        this.enabled = enabled;
        this.maxSpacedMs = maxSpacedMs;
    }

    /**
     * Called by whoever starts {@code m}'s thread, just before it does. Throws nothing: the M starts
     * whatever happens here.
     */
    void before(M m) {
        if (!enabled || refused || spacedMs.getAndIncrement() >= maxSpacedMs) {
            return;
        }
        for (int i = 0; i < PER_M; i++) {
            try {
                if (startsToFailForTests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new OutOfMemoryError("test: unable to create native thread");
                }
                Thread spacer = new Thread(null, CarrierSpacers::parkForever, NAME_PREFIX + m.id + "-" + i, STACK_BYTES, false);
                spacer.setDaemon(true);
                spacer.start();
            } catch (Throwable t) { // no thread for a spacer: the Ms may need the threads left
                refused = true;
                return;
            }
        }
    }

    private static void parkForever() {
        while (true) {
            LockSupport.park(CarrierSpacers.class);
        }
    }
}

package dev.gmp.sched;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every live G (Go's allgs), for goroutine dumps, the goroutine table and the count of system Gs.
 *
 * <p>Gs are spread over stripes by goid, so spawners and exiting Gs on different Ms rarely meet on
 * one lock. A stripe holds a run of {@link P#GOID_BATCH} consecutive goids, the batch a P hands out
 * to the Gs it starts: a spawning P adds a batch's Gs to one stripe, whose lock and arrays stay in
 * its cache, and a G that ends soon after on the same P finds them there too. (Stripes taken goid by
 * goid made every P cycle through all of them, each lock a cache miss, often a line the other P had
 * just written: 8 % of a skynet profile's samples, at 2 Ps.)
 *
 * <p>A stripe is an array of slots: a G remembers its slot ({@link G#allSlot}), so removing it
 * clears that slot and pushes the index on the stripe's free stack. Neither adding nor removing
 * touches any other G. (A linked list's unlink writes both neighbours, which in a long drain of a
 * million queued Gs are cold: about 25 ns a G.) A stripe compacts itself when at most an eighth of
 * its slots are in use, so its memory follows the live count.
 *
 * <p>Guarded by each stripe's own lock: the stripe's fields and {@code allSlot} of the Gs in it.
 */
final class AllGs {
    private static final int STRIPES = 64;
    private static final int MASK = STRIPES - 1;
    /** log2 of P.GOID_BATCH: goids that share their bits above it share a stripe. */
    private static final int BATCH_SHIFT = Integer.numberOfTrailingZeros(P.GOID_BATCH);
    private static final int INITIAL_SLOTS = 16;
    /** A stripe this large or larger shrinks once its live Gs fill at most 1/SPARSE of it. */
    private static final int SHRINK_FROM = 1024;
    private static final int SPARSE = 8;

    private final Stripe[] stripes = new Stripe[STRIPES];

    private static int stripeOf(long goid) {
        return (int) (goid >>> BATCH_SHIFT) & MASK;
    }

    AllGs() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Stripe();
        }
    }

    /** A stripe's lock word and fields share a line; SpinLock's padding keeps the previous stripe's off it. */
    private static final class Stripe extends SpinLock {
        /** Slots [0, used) have been handed out; each holds its G or null (then its index is on free). */
        G[] slots = new G[INITIAL_SLOTS];
        int used;
        /** Indices of the null slots below used: a stack of freeCount entries. */
        int[] free = new int[INITIAL_SLOTS];
        int freeCount;
        /** Registered system Gs; written under the lock, summed without it. */
        int systemGs;

        int live() {
            return used - freeCount;
        }

        void add(G g) {
            int slot;
            if (freeCount > 0) {
                slot = free[--freeCount];
            } else {
                if (used == slots.length) {
                    // Both copies before either is kept: an OutOfMemoryError leaves the stripe as it was.
                    G[] grownSlots = Arrays.copyOf(slots, used * 2);
                    int[] grownFree = Arrays.copyOf(free, used * 2);
                    slots = grownSlots;
                    free = grownFree;
                }
                slot = used++;
            }
            slots[slot] = g;
            g.allSlot = slot + 1;
            if (g.isSystem()) {
                systemGs++;
            }
        }

        void remove(G g) {
            int slot = g.allSlot - 1;
            if (slot < 0 || slot >= used || slots[slot] != g) {
                return; // not registered (here)
            }
            slots[slot] = null;
            g.allSlot = 0;
            free[freeCount++] = slot;
            if (g.isSystem()) {
                systemGs--;
            }
            if (slots.length >= SHRINK_FROM && live() <= slots.length / SPARSE) {
                try {
                    compact();
                } catch (OutOfMemoryError noHeap) { // only the space is not given back yet: a later remove tries again
                }
            }
        }

        /** Moves the live Gs to the front (renumbering their slots) into arrays twice their count. */
        private void compact() {
            int live = live();
            int capacity = Math.max(INITIAL_SLOTS, Integer.highestOneBit(Math.max(1, live)) * 4);
            G[] packed = new G[capacity];
            int[] packedFree = new int[capacity]; // before anything changes, as in add
            int n = 0;
            for (int i = 0; i < used; i++) {
                G g = slots[i];
                if (g != null) {
                    packed[n++] = g;
                    g.allSlot = n;
                }
            }
            if (n != live) {
                throw new IllegalStateException("allgs stripe: " + n + " Gs in slots, " + live + " counted live");
            }
            slots = packed;
            free = packedFree;
            freeCount = 0;
            used = n;
        }
    }

    void add(G g) {
        Stripe s = stripes[stripeOf(g.goid)];
        s.lock();
        try {
            s.add(g);
        } finally {
            s.unlock();
        }
    }

    /** Unregisters g; harmless if it is not registered. */
    void remove(G g) {
        Stripe s = stripes[stripeOf(g.goid)];
        s.lock();
        try {
            s.remove(g);
        } finally {
            s.unlock();
        }
    }

    /** Registered system Gs: few (the JDK's pollers), so a live count can subtract them exactly enough. */
    long systemGs() {
        long n = 0;
        for (Stripe s : stripes) {
            n += s.systemGs; // a moment's view of each stripe is enough for a count
        }
        return n;
    }

    /** The live G with this goid, or null: a walk of one stripe. */
    G find(long goid) {
        Stripe s = stripes[stripeOf(goid)];
        s.lock();
        try {
            for (int i = 0; i < s.used; i++) {
                G g = s.slots[i];
                if (g != null && g.goid == goid) {
                    return g;
                }
            }
            return null;
        } finally {
            s.unlock();
        }
    }

    /** A copy of the live Gs, one stripe at a time (no stop-the-world; Gs may come and go meanwhile). */
    List<G> snapshot() {
        List<G> out = new ArrayList<>();
        for (Stripe s : stripes) {
            s.lock();
            try {
                for (int i = 0; i < s.used; i++) {
                    G g = s.slots[i];
                    if (g != null) {
                        out.add(g);
                    }
                }
            } finally {
                s.unlock();
            }
        }
        return out;
    }

    /** Slots held by the stripe of this goid (live or free): for tests of its compaction. */
    int slotsOfStripe(long goid) {
        Stripe s = stripes[stripeOf(goid)];
        s.lock();
        try {
            return s.slots.length;
        } finally {
            s.unlock();
        }
    }

    /** Live Gs in the stripe of this goid: for tests of the striping. */
    int liveInStripe(long goid) {
        Stripe s = stripes[stripeOf(goid)];
        s.lock();
        try {
            return s.live();
        } finally {
            s.unlock();
        }
    }
}

package dev.gmp.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every live G (Go's allgs), for goroutine dumps. Intrusive: each G carries its own list links, so
 * registering costs two reference writes under a stripe's lock, not a hash-map node per G (that
 * node was the largest part of gmp's per-G memory). Gs are spread over stripes by goid, so
 * concurrent spawners and exiting Gs on different Ms rarely meet on one lock.
 *
 * <p>A G's {@code allPrev}/{@code allNext} are guarded by the lock of stripe {@code goid & MASK}.
 */
final class AllGs {
    private static final int STRIPES = 64;
    private static final int MASK = STRIPES - 1;

    private final SpinLock[] locks = new SpinLock[STRIPES];
    private final G[] heads = new G[STRIPES];
    /** Registered system Gs (see {@link G#markSystem}); changed under the G's stripe lock. */
    private final LongAdder systemGs = new LongAdder();

    AllGs() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new SpinLock();
        }
    }

    void add(G g) {
        int i = (int) g.goid & MASK;
        locks[i].lock();
        try {
            G head = heads[i];
            g.allNext = head;
            if (head != null) {
                head.allPrev = g;
            }
            heads[i] = g;
            if (g.isSystem()) {
                systemGs.increment();
            }
        } finally {
            locks[i].unlock();
        }
    }

    void remove(G g) {
        int i = (int) g.goid & MASK;
        locks[i].lock();
        try {
            G prev = g.allPrev, next = g.allNext;
            if (prev != null) {
                prev.allNext = next;
            } else if (heads[i] == g) {
                heads[i] = next;
            } else {
                return; // not registered
            }
            if (next != null) {
                next.allPrev = prev;
            }
            g.allPrev = null;
            g.allNext = null;
            if (g.isSystem()) {
                systemGs.decrement();
            }
        } finally {
            locks[i].unlock();
        }
    }

    /** Registered system Gs: few (the JDK's pollers), so a live count can subtract them exactly enough. */
    long systemGs() {
        return systemGs.sum();
    }

    /** The live G with this goid, or null: a walk of one stripe. */
    G find(long goid) {
        int i = (int) goid & MASK;
        locks[i].lock();
        try {
            for (G g = heads[i]; g != null; g = g.allNext) {
                if (g.goid == goid) {
                    return g;
                }
            }
            return null;
        } finally {
            locks[i].unlock();
        }
    }

    /** A copy of the live Gs, one stripe at a time (no stop-the-world; Gs may come and go meanwhile). */
    List<G> snapshot() {
        List<G> out = new ArrayList<>();
        for (int i = 0; i < STRIPES; i++) {
            locks[i].lock();
            try {
                for (G g = heads[i]; g != null; g = g.allNext) {
                    out.add(g);
                }
            } finally {
                locks[i].unlock();
            }
        }
        return out;
    }
}

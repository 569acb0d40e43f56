package dev.gmp.sched.jcstress;

import dev.gmp.sched.DetachedGs;
import dev.gmp.sched.G;
import dev.gmp.sched.RunQueue;

/** Test Gs for the ring tests: a G's goid is its identity. */
final class Gs {
    private Gs() {}

    static RunQueue queueWith(int capacity, long... goids) {
        RunQueue q = new RunQueue(capacity);
        for (long id : goids) {
            q.put(DetachedGs.of(id), false);
        }
        return q;
    }

    /** Sum of goids taken (each G counted once per take) as a bit mask: goid k sets bit k once. */
    static long takeAll(RunQueue q) {
        long mask = 0;
        G g;
        while ((g = q.get()) != null) {
            mask += 1L << g.goid;
        }
        return mask;
    }
}

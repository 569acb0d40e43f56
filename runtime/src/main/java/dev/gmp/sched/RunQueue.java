package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A P's local run queue: a fixed ring of Gs plus the {@code runnext} slot, after Go's
 * runqput/runqget/runqgrab/runqsteal.
 *
 * <p>Who may call what:
 * <ul>
 *   <li>The owner (the M holding the P, or a G running on it) calls {@link #put}, {@link #get},
 *       {@link #takeHalfForOverflow} and {@link #stealFrom}. Only the owner writes {@code tail}.</li>
 *   <li>Any thread calls {@link #grab} (through a thief's {@code stealFrom}), {@link #size} and
 *       {@link #isEmpty}. Consumers (owner and thieves) advance {@code head} only by CAS.</li>
 * </ul>
 *
 * <p>Memory ordering. The owner writes a slot with a plain store and then publishes it with a
 * release store of {@code tail}; a consumer load-acquires {@code tail} before reading slots, so it
 * sees every slot below it. A consumer reads slots and then CASes {@code head}; if the CAS fails
 * another consumer took them (the values read may be stale and are discarded). The owner reuses a
 * slot only after load-acquiring a {@code head} past it, i.e. after the consumer's read completed.
 * Indices are ints that wrap; {@code tail - head} is correct across the wrap.
 *
 * <p>The capacity is a parameter so tests can shrink it (a ring of 4 finds overflow and steal races).
 */
public final class RunQueue extends RunQueueTail {
    private static final VarHandle HEAD, TAIL, RUNNEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(RunQueueHead.class, "head", int.class);
            TAIL = lookup.findVarHandle(RunQueueTail.class, "tail", int.class);
            RUNNEXT = lookup.findVarHandle(RunQueueHead.class, "runnext", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Go's local run queue size. */
    public static final int DEFAULT_CAPACITY = 256;

    private final G[] ring;
    /** The owner's reusable batch for {@link #takeHalfForOverflow}: an overflow never allocates. */
    private final G[] overflowBatch;
    private final int mask;

    public RunQueue(int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two >= 2, got " + capacity);
        }
        ring = new G[capacity];
        overflowBatch = new G[capacity / 2];
        mask = capacity - 1;
    }

    public int capacity() {
        return ring.length;
    }

    /** Gs in the ring (not counting runnext). Any thread; a moment's estimate. */
    public int size() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        int n = t - h;
        return n < 0 ? 0 : Math.min(n, ring.length);
    }

    /** The G in runnext, or null. Any thread. */
    public G runnext() {
        return (G) RUNNEXT.getAcquire(this);
    }

    /** True when neither the ring nor runnext holds a G. Any thread. */
    public boolean isEmpty() {
        // Go's runqempty: read head, tail, runnext, then re-check tail so that a G moving from
        // runnext into the ring between the reads is not missed.
        while (true) {
            int h = (int) HEAD.getVolatile(this);
            int t = (int) TAIL.getVolatile(this);
            G next = (G) RUNNEXT.getVolatile(this);
            if ((int) TAIL.getVolatile(this) == t) {
                return h == t && next == null;
            }
        }
    }

    /**
     * Owner only. Puts {@code g} in runnext when {@code next} (the displaced runnext G goes to the
     * tail), else at the tail. Returns false when the ring is full and {@code g} (or the displaced G)
     * was not queued: the caller then runs {@link #takeHalfForOverflow} (Go's runqputslow).
     * On false, {@link #rejected()} is the G that still needs a home.
     */
    public boolean put(G g, boolean next) {
        if (next) {
            G old = (G) RUNNEXT.getAndSet(this, g);
            if (old == null) {
                return true;
            }
            g = old; // kick the old runnext to the tail
        }
        int h = (int) HEAD.getAcquire(this);
        int t = tail; // only the owner writes tail
        if (t - h < ring.length) {
            ring[t & mask] = g;
            TAIL.setRelease(this, t + 1); // publish the slot to consumers
            return true;
        }
        rejected = g;
        return false;
    }

    private G rejected;

    /** Owner only: the G that the last failed {@link #put} could not queue. */
    public G rejected() {
        G g = rejected;
        rejected = null;
        return g;
    }

    /**
     * Owner only, after {@link #put} failed: takes the older half of the ring for the global queue.
     * Returns the taken Gs (oldest first) in an array the owner reuses, so it must be consumed before
     * the next call; or null when consumers emptied space meanwhile (retry put).
     */
    public G[] takeHalfForOverflow() {
        int h = (int) HEAD.getAcquire(this);
        int t = tail;
        int n = (t - h) / 2;
        if (n != ring.length / 2) {
            return null; // a consumer made room since put failed
        }
        G[] batch = overflowBatch;
        for (int i = 0; i < n; i++) {
            batch[i] = ring[(h + i) & mask];
        }
        // Release: our slot reads complete before the slots are handed back for reuse.
        if (!HEAD.compareAndSet(this, h, h + n)) {
            return null;
        }
        return batch;
    }

    /**
     * Owner only. Takes runnext if set (inheritTime: the caller keeps the time slice, as in Go),
     * else the G at the head. Returns null when empty. {@link #tookRunnext()} tells which.
     */
    public G get() {
        G next = (G) RUNNEXT.getAcquire(this);
        // Only the owner sets runnext non-null, but thieves may clear it: CAS.
        if (next != null && RUNNEXT.compareAndSet(this, next, (G) null)) {
            tookRunnext = true;
            return next;
        }
        tookRunnext = false;
        return getFromRing();
    }

    private boolean tookRunnext;

    /** Owner only: empties runnext and returns its G, or null when it was empty or a thief took it. */
    public G takeRunnext() {
        G next = (G) RUNNEXT.getAcquire(this);
        if (next == null || !RUNNEXT.compareAndSet(this, next, (G) null)) {
            return null;
        }
        return next;
    }

    /** Owner only: whether the last successful {@link #get} took runnext. */
    public boolean tookRunnext() {
        return tookRunnext;
    }

    /**
     * Any thread (a thief, or the owner draining). Copies up to half of this queue into
     * {@code into} starting at index {@code intoTail} (masked by {@code into}'s ring), and claims
     * them. With {@code stealRunnext}, an otherwise empty queue gives up its runnext G.
     * Returns how many were taken.
     */
    int grab(RunQueue into, int intoTail, boolean stealRunnext, P victimOrNull) {
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this); // acquire: slots below t are visible
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunnext) {
                    G next = (G) RUNNEXT.getAcquire(this);
                    if (next != null) {
                        if (victimOrNull != null && victimOrNull.status() == P.RUNNING) {
                            // The victim likely just readied this G and is about to run it; stealing
                            // it at once would thrash it between Ps. Go sleeps or yields the thread
                            // here; a yield gives the victim's M the CPU instead of burning it.
                            Thread.yield();
                        }
                        if (!RUNNEXT.compareAndSet(this, next, (G) null)) {
                            continue;
                        }
                        into.ring[intoTail & into.mask] = next;
                        into.lastStealTookRunnext = true;
                        return 1;
                    }
                }
                return 0;
            }
            if (n > ring.length / 2) {
                continue; // read an inconsistent h and t: retry
            }
            for (int i = 0; i < n; i++) {
                into.ring[(intoTail + i) & into.mask] = ring[(h + i) & mask];
            }
            if (HEAD.compareAndSet(this, h, h + n)) { // commits the grab; reads above precede it
                return n;
            }
        }
    }

    /**
     * Owner of this queue only (the thief). Steals half of {@code victim}'s Gs into this queue and
     * returns one to run now, or null when there was nothing to steal. {@link #lastStealCount()}
     * is how many were taken (including the returned one).
     */
    public G stealFrom(RunQueue victim, boolean stealRunnext, P victimP) {
        int t = tail;
        lastStealTookRunnext = false;
        int n = victim.grab(this, t, stealRunnext, victimP);
        lastStealCount = n;
        if (n == 0) {
            return null;
        }
        n--;
        G g = ring[(t + n) & mask];
        if (n == 0) {
            return g;
        }
        int h = (int) HEAD.getAcquire(this);
        if (t - h + n >= ring.length) {
            throw new IllegalStateException("runqsteal: run queue overflow");
        }
        TAIL.setRelease(this, t + n); // publish the stolen Gs to our own consumers
        return g;
    }

    private int lastStealCount;
    private boolean lastStealTookRunnext;

    /** Owner only: whether the last {@link #stealFrom} took the victim's runnext. */
    public boolean lastStealTookRunnext() {
        return lastStealTookRunnext;
    }

    /** Owner only: Gs taken by the last {@link #stealFrom}. */
    public int lastStealCount() {
        return lastStealCount;
    }

    /**
     * Owner only (or with the owner stopped): removes one G, runnext first, then the ring's head; null
     * when empty. Draining a dying P one G at a time needs no list, so it cannot fail to allocate.
     */
    public G drainOne() {
        G next = (G) RUNNEXT.getAndSet(this, (G) null);
        return next != null ? next : getFromRing();
    }

    /** Takes the G at the head of the ring, or null when it is empty. Owner, or anyone with the owner stopped. */
    private G getFromRing() {
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            if (t == h) {
                return null;
            }
            G g = ring[h & mask];
            if (HEAD.compareAndSet(this, h, h + 1)) { // CAS-release: the read above is done
                return g;
            }
        }
    }

}

/** Padding keeps head (written by every consumer) and tail (written by the owner) on separate cache lines. */
abstract class RunQueuePad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class RunQueueHead extends RunQueuePad0 {
    /** Next slot to consume. Advanced by CAS by the owner and by thieves. */
    volatile int head;
    /** The G to run next, ahead of the ring. Set by the owner; cleared by the owner or a thief (CAS). */
    volatile G runnext;
}

abstract class RunQueuePad1 extends RunQueueHead {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class RunQueueTail extends RunQueuePad1 {
    /** Next slot to fill. Written only by the owner, with release stores. */
    volatile int tail;
}

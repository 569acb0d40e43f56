package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.locks.LockSupport;

/**
 * A P's local run queue: a fixed ring of Gs plus the {@code runnext} slot, after Go's
 * runqput/runqget/runqgrab/runqsteal.
 *
 * <p>Roles are split by type, as tokio's Local and Steal handles are:
 * <ul>
 *   <li>{@code RunQueue} is the owner's handle (the M holding the P, or a G running on it): only
 *       its holder calls {@link #put}, {@link #poll}, {@link #takeRunnext}, {@link #get},
 *       {@link #takeHalfForOverflow}, {@link #stealFrom} (into its own ring) and {@link #drainOne}.
 *       Only the owner writes {@code tail}.</li>
 *   <li>{@link RunQueueStealer} is what everyone else gets ({@code P.stealer}): the moment's size and
 *       runnext for monitoring, and being stolen from. Consumers (owner and thieves) advance
 *       {@code head} only by CAS.</li>
 * </ul>
 * Results are returned, never left in fields for a second call to read.
 *
 * <p>Memory ordering, with VarHandle access named by order (lv: load-volatile/acquire, so: store
 * release, cas). The owner writes a slot with a plain store and then publishes it with a release
 * store of {@code tail}; a consumer load-acquires {@code tail} before reading slots, so it sees every
 * slot below it. A consumer reads slots and then CASes {@code head}; if the CAS fails another
 * consumer took them (the values read may be stale and are discarded). The owner reuses a slot only
 * after load-acquiring a {@code head} past it, i.e. after the consumer's read completed. Indices are
 * ints that wrap; {@code tail - head} is correct across the wrap.
 *
 * <p>The capacity is a parameter so tests can shrink it (a ring of 4 finds overflow and steal races).
 */
public final class RunQueue extends RunQueueTail implements RunQueueStealer {
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

    /**
     * What one steal took: {@link #g()} to run now, {@link #count()} Gs in all (g included). One per
     * thief queue, refilled by each {@link #stealFrom}: a steal allocates nothing once it has taken
     * Gs from the victim, where an OutOfMemoryError would lose them (they are in no queue until the
     * thief publishes its tail). Owner only; read it before the next steal.
     */
    public static final class Stolen {
        private G g;
        private int count;
        private boolean tookRunnext;

        private Stolen() {}

        private Stolen fill(G g, int count, boolean tookRunnext) {
            this.g = g;
            this.count = count;
            this.tookRunnext = tookRunnext;
            return this;
        }

        /** The G to run now; the holder lets go of it (it is reused until the next steal). */
        public G takeG() {
            G taken = g;
            g = null;
            return taken;
        }

        public int count() {
            return count;
        }

        public boolean tookRunnext() {
            return tookRunnext;
        }
    }

    private final Stolen stolen = new Stolen();

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

    private int lvHead() {
        return (int) HEAD.getAcquire(this);
    }

    private int lvTail() {
        return (int) TAIL.getAcquire(this);
    }

    private G lvRunnext() {
        return (G) RUNNEXT.getAcquire(this);
    }

    private void soTail(int t) {
        TAIL.setRelease(this, t);
    }

    private boolean casHead(int expected, int next) {
        return HEAD.compareAndSet(this, expected, next);
    }

    private boolean casRunnext(G expected, G next) {
        return RUNNEXT.compareAndSet(this, expected, next);
    }

    // ---- any thread (RunQueueStealer) ---------------------------------------------------------------------

    @Override
    public int size() {
        int n = lvTail() - lvHead();
        return n < 0 ? 0 : Math.min(n, ring.length);
    }

    @Override
    public G runnext() {
        return lvRunnext();
    }

    @Override
    public boolean isEmpty() {
        // Go's runqempty: read head, tail, runnext, then re-check tail so that a G moving from
        // runnext into the ring between the reads is not missed. Volatile loads: the four reads
        // must not be reordered with each other.
        while (true) {
            int h = (int) HEAD.getVolatile(this);
            int t = (int) TAIL.getVolatile(this);
            G next = (G) RUNNEXT.getVolatile(this);
            if ((int) TAIL.getVolatile(this) == t) {
                return h == t && next == null;
            }
        }
    }

    // ---- owner only ------------------------------------------------------------------------------

    /**
     * Puts {@code g} in runnext when {@code next} (the displaced runnext G goes to the tail), else at
     * the tail. Returns null when queued; when the ring is full, returns the G that still needs a
     * home ({@code g} or the displaced one): the caller then runs {@link #takeHalfForOverflow} (Go's
     * runqputslow).
     */
    public G put(G g, boolean next) {
        if (g == null) { // a null slot would read as an empty queue while the tail counts it
            throw new IllegalArgumentException("runqput: null G");
        }
        if (next) {
            G old = (G) RUNNEXT.getAndSet(this, g);
            if (old == null) {
                return null;
            }
            g = old; // kick the old runnext to the tail
        }
        int h = lvHead();
        int t = tail; // only the owner writes tail: a plain read of our own write
        if (t - h < ring.length) {
            ring[t & mask] = g;
            soTail(t + 1); // publish the slot to consumers
            return null;
        }
        return g;
    }

    /**
     * Puts {@code src[from .. from + count - 1]} (none null) at the tail with one publishing store:
     * a batch from the global queue. The caller made sure they fit ({@link #free}); throws if not.
     */
    public void putAll(G[] src, int from, int count) {
        int free = free();
        if (count > free) {
            throw new IllegalStateException("runqput: " + count + " Gs do not fit in a ring with " + free + " free slots");
        }
        int t = tail;
        for (int i = 0; i < count; i++) {
            ring[(t + i) & mask] = src[from + i];
        }
        soTail(t + count); // publish them all to consumers
    }

    /** Free slots in the ring. Owner: only it adds, so at least this many stay free until it does. */
    public int free() {
        return ring.length - (tail - lvHead());
    }

    /**
     * After {@link #put} found the ring full: takes its older half for the global queue. Returns the
     * taken Gs (oldest first) in an array the owner reuses, so it must be consumed before the next
     * call; or null when consumers made room meanwhile (retry put).
     */
    public G[] takeHalfForOverflow() {
        int h = lvHead();
        int t = tail;
        int n = (t - h) / 2;
        if (n != ring.length / 2) {
            return null; // a consumer made room since put failed
        }
        G[] batch = overflowBatch;
        for (int i = 0; i < n; i++) {
            batch[i] = ring[(h + i) & mask];
        }
        // The CAS is a release: our slot reads complete before the slots are handed back for reuse.
        if (!casHead(h, h + n)) {
            return null;
        }
        for (int i = 0; i < n; i++) {
            ring[(h + i) & mask] = null; // see clearing below
        }
        return batch;
    }

    /** After the caller queued the batch {@link #takeHalfForOverflow} returned: it keeps no G alive. */
    public void overflowBatchQueued() {
        Arrays.fill(overflowBatch, null);
    }

    /** Empties runnext and returns its G, or null when it was empty or a thief took it. */
    public G takeRunnext() {
        G next = lvRunnext();
        if (next == null || !casRunnext(next, null)) { // thieves may clear it too: CAS
            return null;
        }
        return next;
    }

    /**
     * Owner, about to give up its P with nothing queued: clears every slot, so that the Gs thieves
     * took from it (which only the owner may clear) are not kept alive while the P idles.
     */
    public void clearIfEmpty() {
        if (lvHead() == tail) {
            Arrays.fill(ring, null);
        }
    }

    /** Slots holding a G (tests: that the ring keeps no G it no longer queues). */
    int occupiedSlots() {
        return nonNull(ring);
    }

    /** Gs the overflow batch still holds (tests). */
    int overflowBatchHeld() {
        return nonNull(overflowBatch);
    }

    private static int nonNull(G[] slots) {
        int n = 0;
        for (G g : slots) {
            if (g != null) {
                n++;
            }
        }
        return n;
    }

    // Clearing: a slot the owner has read and moved the head past (or that lies beyond its tail)
    // holds a G that now lives elsewhere, and would keep it, its thread and whatever its task
    // captured from the garbage collector until the slot is reused. The owner clears such slots.
    // A thief that read the head before the clearing may copy a null, but the head has moved past
    // that slot since, so the thief's CAS on it fails and it copies again. Thieves never clear.

    /** Takes the G at the head of the ring, or null when it is empty. Also anyone with the owner stopped. */
    public G poll() {
        while (true) {
            int h = lvHead();
            int t = lvTail();
            if (t == h) {
                return null;
            }
            G g = ring[h & mask];
            if (casHead(h, h + 1)) { // CAS-release: the read above is done
                ring[h & mask] = null; // see clearing below
                return g;
            }
        }
    }

    /** runnext if set, else the ring's head; null when empty. */
    public G get() {
        G next = takeRunnext();
        return next != null ? next : poll();
    }

    /**
     * Steals half of {@code victim}'s Gs into this queue and returns what it took (one G to run now),
     * or null when there was nothing to steal. With {@code stealRunnext}, an otherwise empty victim
     * gives up its runnext G.
     */
    public Stolen stealFrom(RunQueueStealer victim, boolean stealRunnext, P victimP) {
        int t = tail;
        RunQueue from = (RunQueue) victim;
        int n = from.grab(this, t, stealRunnext, victimP);
        if (n == 0) {
            return null;
        }
        if (n < 0) { // its runnext
            G next = ring[t & mask];
            ring[t & mask] = null; // beyond our tail: nobody reads it (see clearing below)
            return stolen.fill(next, 1, true);
        }
        int last = n - 1;
        G g = ring[(t + last) & mask];
        ring[(t + last) & mask] = null; // the one we run now, beyond the tail we publish
        if (last > 0) {
            if (t - lvHead() + last >= ring.length) {
                throw new IllegalStateException("runqsteal: run queue overflow");
            }
            soTail(t + last); // publish the other stolen Gs to our own consumers
        }
        return stolen.fill(g, n, false);
    }

    /**
     * Removes one G, runnext first, then the ring's head; null when empty. Owner, or anyone with the
     * owner stopped. Draining a dying P one G at a time needs no list, so it cannot fail to allocate.
     */
    public G drainOne() {
        G next = (G) RUNNEXT.getAndSet(this, (G) null);
        return next != null ? next : poll();
    }

    // ---- thieves -----------------------------------------------------------------------------------

    /** How long a thief waits before taking a running victim's runnext G (Go: usleep(3)). */
    static final long RUNNEXT_STEAL_DELAY_NANOS = 3_000;

    /**
     * Copies up to half of this queue into {@code into}'s ring from index {@code intoTail} and claims
     * them. Returns how many were taken, or -1 for this queue's runnext G (taken only when
     * {@code stealRunnext} and the ring is empty).
     */
    private int grab(RunQueue into, int intoTail, boolean stealRunnext, P victimOrNull) {
        while (true) {
            int h = lvHead();
            int t = lvTail(); // acquire: slots below t are visible
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunnext) {
                    G next = lvRunnext();
                    if (next != null) {
                        if (victimOrNull != null && victimOrNull.status() == P.RUNNING) {
                            // The victim likely just readied this G and is about to run it (a G
                            // waking its partner, then parking): stealing it at once would split
                            // the pair across Ps, and every later wake-up would cross them. Go's
                            // runqgrab sleeps usleep(3) here, which the kernel's timer slack makes
                            // tens of µs, time for the victim to run it; so does this thief.
                            LockSupport.parkNanos(RUNNEXT_STEAL_DELAY_NANOS);
                            if (lvRunnext() != next) {
                                return 0; // it ran, or was replaced: not ours to take
                            }
                        }
                        if (!casRunnext(next, null)) {
                            continue;
                        }
                        into.ring[intoTail & into.mask] = next;
                        return -1;
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
            if (casHead(h, h + n)) { // commits the grab; reads above precede it
                return n;
            }
        }
    }
}

/**
 * Padding keeps head and runnext (CAS by thieves) off the line of the object's header and whatever
 * precedes it, and off tail (written by the owner). Bytes, not longs: HotSpot puts a subclass's
 * int into the 4-byte gap that longs leave after the 12-byte header, which put head before the
 * padding and tail on runnext's line. {@code PaddingLayoutTest} checks the offsets.
 */
abstract class RunQueuePad0 {
    byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}

abstract class RunQueueHead extends RunQueuePad0 {
    /** Next slot to consume. Advanced by CAS by the owner and by thieves. */
    volatile int head;
    /** The G to run next, ahead of the ring. Set by the owner; cleared by the owner or a thief (CAS). */
    volatile G runnext;
}

abstract class RunQueuePad1 extends RunQueueHead {
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;
}

abstract class RunQueueTail extends RunQueuePad1 {
    /** Next slot to fill. Written only by the owner, with release stores. */
    volatile int tail;
}

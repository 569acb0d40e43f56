package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The global run queue (Go's sched.runq): a FIFO of Gs in a linked list of fixed arrays (chunks),
 * like ForkJoinPool's submission queues, that any thread puts into without a lock and that the
 * holder of the scheduler lock takes from.
 *
 * <p>Why arrays: an M that drains a long queue (a platform thread that submitted a million tasks,
 * the JDK's timer thread waking a thousand sleepers) reads each G's reference from a slot next to
 * the previous one, which the hardware prefetches, and copies it into its P's ring without touching
 * the G; the G's own cache lines are first read when the M runs it. A queue linked through the Gs
 * made the M miss the cache on every G two or three times before it ran it.
 *
 * <p>Producers ({@link #put}, any thread, with or without the scheduler lock) claim an index by CAS
 * on {@code producerIndex} and then fill the slot with a volatile store. The chunk a producer fills
 * is linked before any index in it can be claimed, so the allocation comes before the claim: an
 * OutOfMemoryError leaves no claimed slot behind that would never be filled. A producer whose chunk
 * cannot be allocated pushes its G on the <i>overflow</i> instead, a lock-free stack linked through
 * {@link G#overflowLink} that allocates nothing (a G is on it at most once: {@link
 * G#claimOverflow}); the consumer takes from it first. So a put never throws and never loses a G,
 * even when the heap is full.
 *
 * <p>The consumer (one at a time: the scheduler lock's holder, see {@link #pollIntoLocked}) takes
 * slots in index order and clears them, so the queue keeps no G alive after it is taken.
 *
 * <p>A claimed slot is filled a few instructions after its claim, but a producer may be descheduled
 * in between. The consumer never waits for it: an empty head slot reads as an empty queue, even when
 * later slots are filled. Nothing is lost: the producer of the head slot has not yet made its
 * volatile store, so it reads npidle after any M that idled on the empty head (both are volatile
 * accesses, hence totally ordered) and wakes a P for the whole queue (see package-info).
 * {@link #size()} counts claimed slots, so it may count a G a moment before it can be taken.
 *
 * <p>The JDK may submit one virtual thread twice (after walking a runnable thread's stack it
 * resubmits it, in case the queued entry was consumed meanwhile). Both entries are kept: running a
 * G whose thread is not runnable returns at once (the local rings work the same way).
 */
final class GlobalRunQueue extends GlobalRunQueueProducer {
    /** Gs per chunk: 4 KiB of references with compressed oops. */
    static final int DEFAULT_CHUNK = 1024;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(G[].class);
    private static final VarHandle PRODUCER_INDEX, PRODUCER_CHUNK, CONSUMER_INDEX, NEXT;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(GlobalRunQueueProducer.class, "producerIndex", long.class);
            PRODUCER_CHUNK = lookup.findVarHandle(GlobalRunQueueProducer.class, "producerChunk", Chunk.class);
            CONSUMER_INDEX = lookup.findVarHandle(GlobalRunQueueConsumer.class, "consumerIndex", long.class);
            NEXT = lookup.findVarHandle(Chunk.class, "next", Chunk.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Gs put when no chunk could be allocated, newest first; taken before the chunks' Gs. */
    private final AtomicReference<G> overflow = new AtomicReference<>();
    private final AtomicInteger overflowed = new AtomicInteger();
    /** For tests: this many chunk allocations fail as if the heap were full. */
    volatile int chunkAllocationsToFail;

    /** The slots for the indices {@code base .. base + slots.length - 1}. */
    static final class Chunk {
        final long base;
        final G[] slots;
        /** Set once, by CAS, before any index of the next chunk is claimed; never cleared. */
        volatile Chunk next;

        Chunk(long base, int size) {
            this.base = base;
            this.slots = new G[size];
        }

        long end() {
            return base + slots.length;
        }
    }

    GlobalRunQueue() {
        this(DEFAULT_CHUNK);
    }

    /** A queue with {@code chunkSize} slots per chunk: tests shrink it to cross chunks often. */
    GlobalRunQueue(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("global run queue chunk size must be >= 1, got " + chunkSize);
        }
        Chunk first = new Chunk(0, chunkSize);
        producerChunk = first;
        consumerChunk = first;
        // The overflow runs only when the heap is exhausted, too late for its first run to link
        // its VarHandle call sites (which allocates): a throw there, after a G left the stack, would
        // lose it. One push and pop of a G that is never run, while no other thread sees the queue.
        G probe = new G(0);
        pushOverflow(probe);
        if (popOverflowLocked() != probe) {
            throw new IllegalStateException("global run queue: its overflow lost the probe G");
        }
    }

    /**
     * Gs put and not yet taken, counting slots claimed but not yet filled: non-zero when there is
     * work or will be in a moment. Any thread; a moment's view.
     */
    int size() {
        long n = consumerIndex;
        n = producerIndex - n; // consumer first: the producer index read after it is at least as new
        n = Math.max(0, n) + overflowed.get();
        return (int) Math.min(n, Integer.MAX_VALUE);
    }

    /** Queues {@code g} at the tail. Any thread, lock-free; the caller wakes a P afterwards if needed. */
    void put(G g) {
        if (g == null) { // an empty slot reads as an empty queue
            throw new IllegalArgumentException("globrunqput: null G");
        }
        while (true) {
            Chunk c = producerChunk;
            long i = (long) PRODUCER_INDEX.getVolatile(this); // after the chunk: see below
            long end = c.end();
            if (i >= end) {
                // c is full: move the hint on.
                Chunk next = nextLinked(c);
                if (next == null) {
                    pushOverflow(g);
                    return;
                }
                PRODUCER_CHUNK.compareAndSet(this, c, next);
                continue;
            }
            // The hint moves to a chunk only after an index in it was claimable, and the index only
            // grows, so an index read after the hint is never below the hint's base.
            if (i < c.base) {
                throw new IllegalStateException("global run queue: index " + i + " is below its chunk at " + c.base);
            }
            if (PRODUCER_INDEX.compareAndSet(this, i, i + 1)) {
                // Volatile, not just release: the caller's wake check reads npidle after this store,
                // and an idling M reads this slot after its npidle increment (Dekker: one sees the other).
                SLOTS.setVolatile(c.slots, (int) (i - c.base), g);
                return;
            }
        }
    }

    /**
     * Queues {@code gs[0 .. n - 1]} at the tail, in order, with one claim: a P's overflowing half
     * ring. Any thread, lock-free. The chunks the batch needs are linked before the claim; when one
     * cannot be allocated, the whole batch goes on the overflow.
     */
    void putAll(G[] gs, int n) {
        for (int k = 0; k < n; k++) {
            if (gs[k] == null) {
                throw new IllegalArgumentException("globrunqput: null G at " + k + " of a batch of " + n);
            }
        }
        while (n > 0) {
            Chunk c = producerChunk;
            long i = (long) PRODUCER_INDEX.getVolatile(this);
            Chunk last = c;
            while (i + n > last.end()) { // the chunks the batch needs, linked before the claim
                last = nextLinked(last);
                if (last == null) {
                    for (int k = 0; k < n; k++) {
                        pushOverflow(gs[k]);
                    }
                    return;
                }
            }
            if (i >= c.end()) {
                PRODUCER_CHUNK.compareAndSet(this, c, c.next); // c is full: move the hint on
                continue;
            }
            if (i < c.base) {
                throw new IllegalStateException("global run queue: index " + i + " is below its chunk at " + c.base);
            }
            if (PRODUCER_INDEX.compareAndSet(this, i, i + n)) {
                Chunk k = c;
                for (int j = 0; j < n; j++) {
                    long index = i + j;
                    while (index >= k.end()) {
                        k = k.next;
                    }
                    SLOTS.setRelease(k.slots, (int) (index - k.base), gs[j]); // in order: a consumer stops at the first empty slot
                }
                // As put's volatile store: the caller's npidle read comes after every slot store.
                VarHandle.fullFence();
                return;
            }
        }
    }

    /** The chunk after {@code c}, linking a new one when no producer has yet; null when it cannot be allocated. */
    private Chunk nextLinked(Chunk c) {
        Chunk next = c.next;
        if (next != null) {
            return next;
        }
        Chunk made;
        try {
            made = newChunk(c.end(), c.slots.length); // before any claim in it: see the class comment
        } catch (OutOfMemoryError e) {
            return null;
        }
        return NEXT.compareAndSet(c, (Chunk) null, made) ? made : c.next;
    }

    private Chunk newChunk(long base, int size) {
        if (chunkAllocationsToFail > 0) {
            chunkAllocationsToFail--;
            throw new OutOfMemoryError("test: global run queue chunk");
        }
        return new Chunk(base, size);
    }

    /** The put of a G whose chunk could not be allocated: no allocation here. */
    private void pushOverflow(G g) {
        if (!g.claimOverflow()) {
            return; // on the overflow already (a second submission): that place serves both
        }
        overflowed.incrementAndGet(); // before the push: size never under-counts what can be taken
        G top;
        do {
            top = overflow.get();
            g.overflowLink = top;
        } while (!overflow.compareAndSet(top, g)); // full fence: the caller's npidle read follows it
    }

    /**
     * Takes the newest overflowed G, or null. Lock held: one consumer, so the top cannot be taken and
     * pushed back between the read and the CAS (no ABA), and its link is stable while it is claimed.
     */
    private G popOverflowLocked() {
        G top;
        do {
            top = overflow.get();
            if (top == null) {
                return null;
            }
        } while (!overflow.compareAndSet(top, top.overflowLink));
        top.overflowLink = null;
        overflowed.decrementAndGet();
        top.releaseOverflow(); // a full fence: our writes to it come first; it may overflow again
        return top;
    }

    /** Takes the head G, or null when the head slot is empty (see the class comment). Lock held. */
    G pollLocked() {
        return pollIntoLocked(null, 1); // one G: no ring needed
    }

    /**
     * Takes up to {@code max} Gs from the head, stopping at an empty slot: returns the first (null
     * when the head slot is empty) and puts the others at the tail of {@code ring}, which must have
     * room for {@code max - 1} (the caller owns it). Go's globrunqget. Lock held.
     *
     * <p>References are copied from slot to ring without touching the Gs, and the index is published
     * once for the batch, before the slots are cleared (see mayHaveWork).
     */
    G pollIntoLocked(RunQueue ring, int max) {
        if (overflow.get() != null) { // a read of a line nobody writes while the heap has room
            G g = popOverflowLocked();
            if (g != null) {
                return g;
            }
        }
        Chunk c = headChunkLocked();
        if (c == null) {
            return null;
        }
        long ci = consumerIndex;
        int first = (int) (ci - c.base);
        G g = (G) SLOTS.getVolatile(c.slots, first);
        if (g == null) {
            return null;
        }
        int want = max - 1;
        long taken = 1;
        Chunk last = c;
        int from = first + 1;
        while (want > 0) {
            if (from == last.slots.length) {
                Chunk next = last.next;
                if (next == null) {
                    break;
                }
                last = next;
                from = 0;
            }
            int run = 0;
            int room = Math.min(want, last.slots.length - from);
            while (run < room && SLOTS.getAcquire(last.slots, from + run) != null) {
                run++;
            }
            if (run == 0) {
                break; // an empty slot: nothing more, or a producer between its claim and its store
            }
            ring.putAll(last.slots, from, run);
            want -= run;
            taken += run;
            from += run;
            if (from < last.slots.length) {
                break; // stopped short of the chunk's end: enough, or an empty slot
            }
        }
        CONSUMER_INDEX.setVolatile(this, ci + taken);
        if (last != c) {
            consumerChunk = last; // after the index: a reader of the chunk then sees an index in it
        }
        for (Chunk k = c; ; k = k.next) {
            int start = k == c ? first : 0;
            int end = k == last ? from : k.slots.length;
            for (int i = start; i < end; i++) {
                SLOTS.setRelease(k.slots, i, (G) null); // release: after the index store
            }
            if (k == last) {
                break;
            }
        }
        return g;
    }

    /** Whether no G can be taken now: the overflow and the head slot are empty. Lock held. */
    boolean isEmptyLocked() {
        if (overflow.get() != null) {
            return false;
        }
        Chunk c = headChunkLocked();
        return c == null || SLOTS.getVolatile(c.slots, (int) (consumerIndex - c.base)) == null;
    }

    /** The chunk holding the consumer's index, moving on to the next one when it is done; null when none is linked yet. */
    private Chunk headChunkLocked() {
        Chunk c = consumerChunk;
        if (consumerIndex == c.end()) {
            Chunk next = c.next;
            if (next == null) {
                return null; // no index of the next chunk can have been claimed yet
            }
            consumerChunk = c = next; // the old chunk's slots are all cleared: it is garbage once producers move on
        }
        return c;
    }

    /**
     * Whether a G may be waiting at the head (any thread): for an M that idled its P and must not
     * sleep on work an injector left to it. False only when the head slot was seen empty while no
     * consumer moved; true when a consumer took the head meanwhile (it is at work: look again).
     */
    boolean mayHaveWork() {
        if (overflow.get() != null) { // the push is a full fence, as the slot store is
            return true;
        }
        Chunk c = consumerChunk;
        long ci = consumerIndex; // after the chunk: the consumer moves to a chunk before its indices
        while (ci >= c.end()) {
            c = c.next;
            if (c == null) {
                return false;
            }
        }
        if (SLOTS.getVolatile(c.slots, (int) (ci - c.base)) != null) {
            return true;
        }
        return consumerIndex != ci;
    }
}

/** Padding keeps the producers' CAS line off the consumer's fields (bytes: see RunQueuePad0). */
abstract class GlobalRunQueuePad0 {
    byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}

abstract class GlobalRunQueueConsumer extends GlobalRunQueuePad0 {
    /** Next index to take. Written by the lock holder (volatile: size and mayHaveWork read it). */
    volatile long consumerIndex;
    /** The chunk holding consumerIndex, or the one before when consumerIndex is its end. Lock holder writes. */
    volatile GlobalRunQueue.Chunk consumerChunk;
}

abstract class GlobalRunQueuePad1 extends GlobalRunQueueConsumer {
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;
}

abstract class GlobalRunQueueProducer extends GlobalRunQueuePad1 {
    /** Next index to claim; CAS by producers. */
    volatile long producerIndex;
    /** A chunk at or before the one holding producerIndex: where producers start looking. */
    volatile GlobalRunQueue.Chunk producerChunk;
}

package dev.gmp.chan;

import dev.gmp.ChanClosedException;
import dev.gmp.sched.WaitReason;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel's runtime state and its operations (Go's hchan, chansend, chanrecv, closechan), on
 * untyped, non-null elements. The public, typed face is {@link dev.gmp.Chan}; this class is gmp
 * internal.
 *
 * <p>Invariants, all under {@link #lock}:
 * <ul>
 *   <li>{@code recvq} is non-empty only when the buffer is empty (a receiver waits only for lack
 *       of data), and {@code sendq} only when the buffer is full (always, for an unbuffered
 *       channel). So at most one of them holds waiters that can be woken.</li>
 *   <li>Once {@code closed}, both queues are empty and stay empty: close wakes every waiter, and
 *       no operation enqueues on a closed channel.</li>
 *   <li>The buffer is a ring: {@code count} elements from {@code recvx}; {@code sendx} is the next
 *       free slot. Taken slots are nulled so the channel does not keep values alive.</li>
 * </ul>
 * Waiters are woken only after the lock is released (see {@link ChanLock} for why).
 */
public final class HChan {
    /** What a non-blocking receive returns when nothing can be received right now. */
    public static final Object WOULD_BLOCK = new Object() {
        @Override
        public String toString() {
            return "WOULD_BLOCK";
        }
    };

    private static final AtomicLong IDS = new AtomicLong();

    /** Unique and fixed: the global order in which a select locks its channels. */
    final long id = IDS.incrementAndGet();
    final ChanLock lock = new ChanLock();
    final WaitQueue recvq = new WaitQueue();
    final WaitQueue sendq = new WaitQueue();

    private final Object[] buf;
    private int count;
    private int sendx;
    private int recvx;
    private boolean closed;

    /**
     * @throws IllegalArgumentException when {@code capacity} is negative
     */
    public HChan(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("channel capacity must be 0 (unbuffered) or more, got " + capacity);
        }
        DeadlockDetector.ensureStarted();
        this.buf = new Object[capacity];
    }

    public int cap() {
        return buf.length;
    }

    /** Elements buffered now. */
    public int len() {
        lock.lock();
        int n = count;
        lock.unlock();
        return n;
    }

    /**
     * Go's chansend: hands {@code value} to the longest-waiting receiver, or buffers it, or (when
     * {@code block}) parks until a receiver takes it. Returns false only when not blocking and
     * the value could not be sent now.
     *
     * @throws ChanClosedException when the channel is closed, or gets closed while we wait
     */
    public boolean send(Object value, boolean block) {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw ChanClosedException.send();
        }
        Waiter receiver = recvq.dequeue();
        if (receiver != null) {
            sendTo(receiver, value);
            lock.unlock();
            receiver.wake();
            return true;
        }
        if (hasRoomLocked()) {
            bufferPutLocked(value);
            lock.unlock();
            return true;
        }
        if (!block) {
            lock.unlock();
            return false;
        }
        Waiter me = Waiter.forCurrentThread();
        me.elem = value;
        sendq.enqueue(me);
        ParkedCounts.parked(me.isG);
        lock.unlock();
        me.await(WaitReason.CHAN_SEND);
        if (!me.success) {
            throw ChanClosedException.send();
        }
        return true;
    }

    /**
     * Go's chanrecv: takes a value from a waiting sender or the buffer, or (when {@code block})
     * parks until one arrives. Returns the value; null when the channel is closed and drained;
     * {@link #WOULD_BLOCK} when not blocking and nothing can be received now.
     */
    public Object recv(boolean block) {
        lock.lock();
        if (closed && count == 0) {
            lock.unlock();
            return null;
        }
        Waiter sender = sendq.dequeue();
        if (sender != null) {
            Object value = receiveFrom(sender);
            lock.unlock();
            sender.wake();
            return value;
        }
        if (count > 0) {
            Object value = bufferTakeLocked();
            lock.unlock();
            return value;
        }
        if (!block) {
            lock.unlock();
            return WOULD_BLOCK;
        }
        Waiter me = Waiter.forCurrentThread();
        recvq.enqueue(me);
        ParkedCounts.parked(me.isG);
        lock.unlock();
        me.await(WaitReason.CHAN_RECEIVE);
        return me.success ? me.elem : null;
    }

    /**
     * Go's closechan: marks the channel closed and wakes every waiter (receivers get null, senders
     * throw). Buffered values stay receivable.
     *
     * @throws ChanClosedException when already closed
     */
    public void close() {
        lock.lock();
        if (closed) {
            lock.unlock();
            throw ChanClosedException.close();
        }
        closed = true;
        WakeList woken = new WakeList();
        Waiter w;
        while ((w = recvq.dequeue()) != null) {
            w.elem = null;
            w.success = false;
            woken.add(w);
        }
        while ((w = sendq.dequeue()) != null) {
            w.elem = null;
            w.success = false;
            woken.add(w);
        }
        lock.unlock();
        woken.wakeAll();
    }

    // ---- steps shared with select; all need the lock held -----------------------------------

    boolean closedLocked() {
        return closed;
    }

    boolean hasRoomLocked() {
        return count < buf.length;
    }

    boolean hasItemsLocked() {
        return count > 0;
    }

    void bufferPutLocked(Object value) {
        buf[sendx] = value;
        sendx = advance(sendx);
        count++;
    }

    Object bufferTakeLocked() {
        Object value = buf[recvx];
        buf[recvx] = null;
        recvx = advance(recvx);
        count--;
        return value;
    }

    /** Direct handoff to a dequeued receiver (the buffer is empty, see the class invariants). */
    static void sendTo(Waiter receiver, Object value) {
        receiver.elem = value;
        receiver.success = true;
    }

    /**
     * Takes the value a dequeued sender brings. Unbuffered: its value, directly. Buffered: the
     * buffer is full (a sender waits only then), so take the head and put the sender's value in the
     * freed slot, which is the tail: FIFO order is kept.
     */
    Object receiveFrom(Waiter sender) {
        Object value;
        if (buf.length == 0) {
            value = sender.elem;
        } else {
            value = buf[recvx];
            buf[recvx] = sender.elem;
            recvx = advance(recvx);
            sendx = recvx;
        }
        sender.elem = null;
        sender.success = true;
        return value;
    }

    private int advance(int index) {
        return index + 1 == buf.length ? 0 : index + 1;
    }

    @Override
    public String toString() {
        return "chan#" + id + "(cap " + buf.length + ")";
    }
}

package dev.gmp.chan;

import dev.gmp.ChanClosedException;
import dev.gmp.sched.WaitReason;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's selectgo over a list of send and receive cases; the public builder is {@link dev.gmp.Select}.
 *
 * <p>One run, with every case channel locked in {@link LockOrder}:
 * <ol>
 *   <li>Poll the cases in a fresh uniformly random order and complete the first that is ready:
 *       a waiting partner, buffer room or data, or a closed channel. Since the order is a uniform
 *       permutation, each ready case is equally likely to be first (Go's fairness).</li>
 *   <li>If none is ready and the select may block: enqueue one {@link Waiter} per case, all
 *       sharing a {@link SelectGroup}, unlock, and park. The first waker to claim the group
 *       completes its case exactly as a plain operation would and wakes us; every later waker
 *       finds the group claimed and skips that waiter, so no case fires twice.</li>
 *   <li>After waking, remove the other waiters from their queues (each under its own channel's
 *       lock: holding them all is not needed, since a claimed waiter is never completed).</li>
 * </ol>
 * A null channel is a case that is never ready (Go's nil channel). With no non-null case, a
 * blocking select parks forever (Go's {@code select {}}).
 *
 * <p>Building (adding cases) is not thread-safe; once built, {@link #select} may run from any
 * thread, also concurrently: it keeps no per-run state in the object.
 */
public final class Selector {
    /** Told which case fired, after every lock is released. */
    @FunctionalInterface
    public interface Fired {
        /**
         * @param caseIndex the case, in the order cases were added
         * @param received  for a receive case the value, or null when its channel is closed; null for a send
         */
        void fired(int caseIndex, Object received);
    }

    private HChan[] chans = new HChan[4];
    /** The value of each send case; null marks a receive case (elements are never null). */
    private Object[] sendValues = new Object[4];
    private int size;
    private final LockOrder lockOrder = new LockOrder();

    /** Adds a receive case on {@code c} (null: never ready). Returns its index. */
    public int addRecv(HChan c) {
        return add(c, null);
    }

    /** Adds a case sending {@code value} on {@code c} (null channel: never ready). Returns its index. */
    public int addSend(HChan c, Object value) {
        return add(c, Objects.requireNonNull(value, "select send value"));
    }

    private int add(HChan c, Object sendValue) {
        if (size == chans.length) {
            chans = Arrays.copyOf(chans, size * 2);
            sendValues = Arrays.copyOf(sendValues, size * 2);
        }
        chans[size] = c;
        sendValues[size] = sendValue;
        if (c != null) {
            lockOrder.add(c);
        }
        return size++;
    }

    public int size() {
        return size;
    }

    /**
     * Runs the select: completes one ready case chosen uniformly at random and reports it to
     * {@code fired}, or, when none is ready, parks until one completes ({@code block}) or returns
     * -1 without firing anything ({@code !block}). Returns the index of the case that fired.
     *
     * @throws ChanClosedException when the chosen case sends on a closed channel
     */
    public int select(boolean block, Fired fired) {
        if (lockOrder.size() == 0) {
            // Go: "select (no cases)" for select {}, a plain "select" when every channel is nil.
            return block ? parkForever(size == 0 ? WaitReason.SELECT_NO_CASES : WaitReason.SELECT) : -1;
        }
        int[] pollOrder = pollOrder();
        lockOrder.lockAll();
        for (int i : pollOrder) {
            HChan c = chans[i];
            if (c == null) {
                continue;
            }
            Object value = sendValues[i];
            if (value != null) {
                if (c.closedLocked()) {
                    lockOrder.unlockAll();
                    throw ChanClosedException.send();
                }
                Waiter receiver = c.recvq.dequeue();
                if (receiver != null) {
                    HChan.sendTo(receiver, value);
                    lockOrder.unlockAll();
                    receiver.wake();
                    fired.fired(i, null);
                    return i;
                }
                if (c.hasRoomLocked()) {
                    c.bufferPutLocked(value);
                    lockOrder.unlockAll();
                    fired.fired(i, null);
                    return i;
                }
            } else {
                Waiter sender = c.sendq.dequeue();
                if (sender != null) {
                    Object received = c.receiveFrom(sender);
                    lockOrder.unlockAll();
                    sender.wake();
                    fired.fired(i, received);
                    return i;
                }
                if (c.hasItemsLocked()) {
                    Object received = c.bufferTakeLocked();
                    lockOrder.unlockAll();
                    fired.fired(i, received);
                    return i;
                }
                if (c.closedLocked()) {
                    lockOrder.unlockAll();
                    fired.fired(i, null);
                    return i;
                }
            }
        }
        if (!block) {
            lockOrder.unlockAll();
            return -1;
        }
        return parkOnAll(fired);
    }

    /** Passes 2 and 3: called with every lock held, returns with none. */
    private int parkOnAll(Fired fired) {
        SelectGroup group = new SelectGroup();
        Waiter[] waiters = new Waiter[size];
        for (int i = 0; i < size; i++) {
            HChan c = chans[i];
            if (c == null) {
                continue;
            }
            Waiter w = Waiter.forSelectCase(group, i);
            if (sendValues[i] != null) {
                w.elem = sendValues[i];
                c.sendq.enqueue(w);
            } else {
                c.recvq.enqueue(w);
            }
            waiters[i] = w;
        }
        ParkedCounts.parked(group.isG);
        lockOrder.unlockAll();

        Waiter won = group.await(WaitReason.SELECT);

        for (int i = 0; i < size; i++) {
            Waiter w = waiters[i];
            if (w == null || w == won) {
                continue;
            }
            HChan c = chans[i];
            c.lock.lock();
            (sendValues[i] != null ? c.sendq : c.recvq).remove(w);
            c.lock.unlock();
        }
        int i = won.caseIndex;
        if (sendValues[i] != null) {
            if (!won.success) {
                throw ChanClosedException.send(); // woken by close
            }
            fired.fired(i, null);
        } else {
            fired.fired(i, won.success ? won.elem : null);
        }
        return i;
    }

    /** A uniformly random permutation of the case indices (inside-out Fisher–Yates). */
    private int[] pollOrder() {
        int[] order = new int[size];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 1; i < size; i++) {
            int j = random.nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    /** A select with no channel to wait on blocks forever, as in Go; it never returns. */
    private static int parkForever(WaitReason reason) {
        DeadlockDetector.ensureStarted();
        ParkedCounts.parked(ParkedCounts.callerIsG());
        while (true) {
            LockSupport.park(reason);
            Thread.interrupted(); // not interruptible; clear so park blocks again
        }
    }
}

package dev.gmp;

import dev.gmp.chan.HChan;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * A Go channel: a typed conduit between goroutines (and any other threads), built natively on gmp
 * after Go's hchan: a lock per channel, FIFO queues of waiting senders and receivers, direct
 * handoff to a waiting partner, and a ring buffer when buffered.
 *
 * <pre>{@code
 * Chan<String> ch = Chan.make();
 * Gmp.go(() -> ch.send("ping"));
 * String s = ch.recv();
 * }</pre>
 *
 * <p>A blocked operation parks at once (no spinning); the partner that completes it unparks it,
 * and when that partner is a G, gmp runs the woken G next on the same P (Go's runnext). Works the
 * same from platform threads and from virtual threads not scheduled by gmp; they park normally.
 * Blocking operations are not interruptible, as in Go (an interrupt is kept and re-asserted on
 * return): to give up on a channel, {@link Select} on it together with a cancellation channel.
 *
 * <p>Null elements are rejected: null is what a receive returns once the channel is closed and
 * drained. Iterating a channel receives until it is closed (Go's {@code for v := range ch}).
 *
 * @param <T> the element type
 */
public final class Chan<T> implements Iterable<T> {
    private final HChan h;

    private Chan(int capacity) {
        this.h = new HChan(capacity);
    }

    /** An unbuffered channel: every send waits for its receiver. */
    public static <T> Chan<T> make() {
        return new Chan<>(0);
    }

    /**
     * A channel buffering up to {@code capacity} elements (0 is unbuffered).
     *
     * @throws IllegalArgumentException when {@code capacity} is negative
     */
    public static <T> Chan<T> make(int capacity) {
        return new Chan<>(capacity);
    }

    /**
     * Sends {@code value}, waiting until a receiver takes it or there is buffer room.
     *
     * @throws NullPointerException when {@code value} is null
     * @throws ChanClosedException  when the channel is closed, or is closed while this send waits
     */
    public void send(T value) {
        h.send(requireElement(value), true);
    }

    /**
     * Sends {@code value} only if that needs no waiting: a receiver is waiting or the buffer has
     * room. Go's select with a send case and a default.
     *
     * @return true when sent
     * @throws NullPointerException when {@code value} is null
     * @throws ChanClosedException  when the channel is closed
     */
    public boolean trySend(T value) {
        return h.send(requireElement(value), false);
    }

    /** Receives a value, waiting for one; returns null once the channel is closed and drained. */
    @SuppressWarnings("unchecked")
    public T recv() {
        return (T) h.recv(true);
    }

    /** Receives like {@link #recv()}, telling a value from a closed channel (Go's {@code v, ok := <-ch}). */
    public Received<T> recvOk() {
        T value = recv();
        return value == null ? Received.closed() : Received.of(value);
    }

    /**
     * Receives only if that needs no waiting. Empty when nothing can be received now; a
     * {@link Received} with ok false when the channel is closed and drained.
     */
    @SuppressWarnings("unchecked")
    public Optional<Received<T>> tryRecv() {
        Object value = h.recv(false);
        if (value == HChan.WOULD_BLOCK) {
            return Optional.empty();
        }
        return Optional.of(value == null ? Received.closed() : Received.of((T) value));
    }

    /**
     * Closes the channel: waiting and later receivers drain the buffer, then get null; waiting
     * and later senders throw {@link ChanClosedException}.
     *
     * @throws ChanClosedException when already closed
     */
    public void close() {
        h.close();
    }

    /** Elements in the buffer now (Go's len). */
    public int len() {
        return h.len();
    }

    /** The buffer capacity, 0 when unbuffered (Go's cap). */
    public int cap() {
        return h.cap();
    }

    /**
     * Receives until the channel is closed and drained (Go's range over a channel). Each iterator
     * is a receiver: {@code hasNext()} waits for the next value.
     */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private T next;

            @Override
            public boolean hasNext() {
                if (next == null) {
                    next = recv();
                }
                return next != null;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                T value = next;
                next = null;
                return value;
            }
        };
    }

    /** The runtime channel, for {@link Select}. */
    HChan hchan() {
        return h;
    }

    static Object requireElement(Object value) {
        return Objects.requireNonNull(value,
                "channels do not carry null: null is what a receive returns once the channel is closed");
    }

    @Override
    public String toString() {
        return h.toString();
    }
}

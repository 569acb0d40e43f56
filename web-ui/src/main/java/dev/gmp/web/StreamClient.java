package dev.gmp.web;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One connected stream client with a bounded buffer: at most one frame being written and one
 * newer frame waiting. A client that cannot keep up loses the older waiting frame (it is replaced
 * by the newest), so a slow browser sees fewer, always current pictures, and the server holds at
 * most two frames per client however slow the client is.
 *
 * <p>Called by the ticker thread ({@link #offer}) and by Jetty threads (write completions).
 * Invariant: {@code writing} is true exactly while one {@code sendText} is in flight; only the
 * thread that set it from false to true may start a write. Both flags are atomics, so a frame put
 * into {@code waiting} before a completion clears {@code writing} is seen by that completion's
 * {@link #pump()} (the CAS and getAndSet are full fences).
 */
final class StreamClient {
    private final Session session;
    private final Consumer<StreamClient> onWriteFailed;
    private final AtomicReference<String> waiting = new AtomicReference<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    StreamClient(Session session, Consumer<StreamClient> onWriteFailed) {
        this.session = session;
        this.onWriteFailed = onWriteFailed;
    }

    /** Queues {@code frame}, replacing (dropping) a frame still waiting, and writes if idle. Never blocks. */
    void offer(String frame) {
        if (waiting.getAndSet(frame) != null) {
            dropped.incrementAndGet();
        }
        pump();
    }

    /** Starts writing the waiting frame unless a write is in flight; that write's completion calls pump again. */
    private void pump() {
        while (writing.compareAndSet(false, true)) {
            String frame = waiting.getAndSet(null);
            if (frame != null) {
                try {
                    session.sendText(frame, Callback.from(this::written, this::failed));
                } catch (RuntimeException closedUnderUs) {
                    failed(closedUnderUs);
                }
                return;
            }
            writing.set(false);
            // A frame offered between our getAndSet and the set(false) saw writing==true and left;
            // loop to pick it up so it does not wait for the next tick.
            if (waiting.get() == null) {
                return;
            }
        }
    }

    private void written() {
        sent.incrementAndGet();
        writing.set(false);
        pump();
    }

    private void failed(Throwable cause) {
        // Leave writing set: no further writes go to a broken session.
        onWriteFailed.accept(this);
    }

    Session session() {
        return session;
    }

    long sent() {
        return sent.get();
    }

    long dropped() {
        return dropped.get();
    }
}

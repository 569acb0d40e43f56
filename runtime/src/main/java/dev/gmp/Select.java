package dev.gmp;

import dev.gmp.chan.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Go's select statement, as a builder:
 *
 * <pre>{@code
 * Select.of()
 *       .recv(jobs, job -> handle(job))
 *       .send(results, r, () -> sent++)
 *       .otherwise(() -> idle++)
 *       .run();
 * }</pre>
 *
 * <p>{@link #run()} completes exactly one ready case, chosen uniformly at random among the ready
 * ones (Go's fairness), and then calls its callback. With no ready case it waits for one, or runs
 * the {@link #otherwise} callback if there is one (Go's default). A case on a null channel is never
 * ready (Go's nil channel); a select with no case that can ever be ready and no otherwise waits
 * forever, as {@code select {}} does.
 *
 * <p>A receive case on a closed channel is ready and receives null ({@link #recvOk} tells it
 * apart). A send case on a closed channel throws {@link ChanClosedException} if chosen.
 *
 * <p>Build once, run as often as needed: {@code run()} keeps no state between runs, so a built
 * select may even run on several threads at once; adding cases is not thread-safe. The value of a
 * send case is fixed when the case is added (build a new select to send another). Callbacks run
 * on the thread that called {@code run()}, after every channel lock is released.
 */
public final class Select {
    private final Selector selector = new Selector();
    private final List<Consumer<Object>> callbacks = new ArrayList<>();
    private final Selector.Fired dispatch = (caseIndex, received) -> callbacks.get(caseIndex).accept(received);
    private Runnable otherwise;

    private Select() {}

    /** A select with no cases yet. */
    public static Select of() {
        return new Select();
    }

    /**
     * A case receiving from {@code ch} (null: never ready); {@code onReceive} gets the value, or
     * null when the channel is closed and drained.
     */
    @SuppressWarnings("unchecked")
    public <T> Select recv(Chan<T> ch, Consumer<? super T> onReceive) {
        Objects.requireNonNull(onReceive, "recv callback");
        selector.addRecv(ch == null ? null : ch.hchan());
        callbacks.add(received -> onReceive.accept((T) received));
        return this;
    }

    /** A case receiving from {@code ch} (null: never ready) that tells a value from a closed channel. */
    @SuppressWarnings("unchecked")
    public <T> Select recvOk(Chan<T> ch, Consumer<? super Received<T>> onReceive) {
        Objects.requireNonNull(onReceive, "recvOk callback");
        selector.addRecv(ch == null ? null : ch.hchan());
        callbacks.add(received -> onReceive.accept(received == null ? Received.closed() : Received.of((T) received)));
        return this;
    }

    /**
     * A case sending {@code value} on {@code ch} (null: never ready); {@code onSent} runs once sent.
     *
     * @throws NullPointerException when {@code value} or {@code onSent} is null
     */
    public <T> Select send(Chan<T> ch, T value, Runnable onSent) {
        Chan.requireElement(value);
        Objects.requireNonNull(onSent, "send callback");
        selector.addSend(ch == null ? null : ch.hchan(), value);
        callbacks.add(ignored -> onSent.run());
        return this;
    }

    /**
     * Makes the select non-blocking: {@code onNoneReady} runs when no case is ready (Go's default).
     *
     * @throws IllegalStateException when the select already has one
     */
    public Select otherwise(Runnable onNoneReady) {
        Objects.requireNonNull(onNoneReady, "otherwise callback");
        if (otherwise != null) {
            throw new IllegalStateException("a select has at most one otherwise case");
        }
        otherwise = onNoneReady;
        return this;
    }

    /**
     * Runs the select once: exactly one case (or otherwise) fires.
     *
     * @return the index of the case that fired, in the order the cases were added, or -1 when
     *         otherwise ran
     * @throws ChanClosedException when the chosen case is a send on a closed channel
     */
    public int run() {
        int fired = selector.select(otherwise == null, dispatch);
        if (fired < 0) {
            otherwise.run();
        }
        return fired;
    }
}

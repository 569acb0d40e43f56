package dev.gmp;

/**
 * The result of a receive that tells a value from a closed channel: Go's {@code v, ok := <-ch}.
 *
 * @param value the value received, or null when the channel is closed and drained
 * @param ok    true when a value was received, false when the channel is closed and drained
 * @param <T>   the element type
 */
public record Received<T>(T value, boolean ok) {
    public Received {
        if (ok != (value != null)) {
            throw new IllegalArgumentException("a Received holds a value exactly when ok is true, got value="
                    + value + ", ok=" + ok);
        }
    }

    /** A received value ({@code ok} true). */
    public static <T> Received<T> of(T value) {
        return new Received<>(value, true);
    }

    /** The result of receiving from a closed, drained channel. */
    public static <T> Received<T> closed() {
        return new Received<>(null, false);
    }
}

package dev.gmp;

/**
 * A send on a closed channel, or a second close: Go's "send on closed channel" and "close of
 * closed channel" panics. Unchecked, like Go's panic: both are programming errors, not conditions
 * to recover from. A receive on a closed channel is not an error: it returns null once drained.
 */
public final class ChanClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ChanClosedException(String message) {
        super(message);
    }

    /** The exception for a send (plain, try or select case) on a closed channel. */
    public static ChanClosedException send() {
        return new ChanClosedException("send on closed channel");
    }

    /** The exception for closing a channel that is already closed. */
    public static ChanClosedException close() {
        return new ChanClosedException("close of closed channel");
    }
}

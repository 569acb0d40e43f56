package dev.gmp.sched;

/**
 * The view of a P's run queue that any thread may use (tokio's Steal handle): the moment's size and
 * runnext for monitoring, and being stolen from ({@link RunQueue#stealFrom}). Only the P's owner
 * holds the {@link RunQueue} itself.
 */
public sealed interface RunQueueStealer permits RunQueue {
    /** Gs in the ring (not counting runnext); a moment's estimate. */
    int size();

    /** True when neither the ring nor runnext holds a G. */
    boolean isEmpty();

    /** The G in runnext, or null. */
    G runnext();
}

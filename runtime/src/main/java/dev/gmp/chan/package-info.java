/**
 * gmp's channels, select, WaitGroup, timers and deadlock detection: the runtime under the public
 * {@link dev.gmp.Chan}, {@link dev.gmp.Select}, {@link dev.gmp.WaitGroup}, {@link dev.gmp.Ticker}
 * and {@code Gmp.after}. Modelled on Go's src/runtime/chan.go and select.go.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link dev.gmp.chan.HChan} — a channel (Go's hchan): a {@link dev.gmp.chan.ChanLock}, a ring
 *       buffer, and FIFO {@link dev.gmp.chan.WaitQueue}s of receivers and senders.</li>
 *   <li>{@link dev.gmp.chan.Waiter} — a parked operation (Go's sudog); a select parks one per case,
 *       tied together by a {@link dev.gmp.chan.SelectGroup} whose claim lets exactly one case fire.
 *       {@link dev.gmp.chan.WakeList} holds waiters dequeued under a lock until it is released.</li>
 *   <li>{@link dev.gmp.chan.Selector} — Go's selectgo; {@link dev.gmp.chan.LockOrder} is the global
 *       lock order (channel id) that keeps selects from deadlocking on each other's locks.</li>
 *   <li>{@link dev.gmp.chan.WaitGroupState}, {@link dev.gmp.chan.Timers} — WaitGroup and the timer
 *       thread.</li>
 *   <li>{@link dev.gmp.chan.ParkedCounts}, {@link dev.gmp.chan.DeadlockDetector} — Go's checkdead.</li>
 * </ul>
 *
 * <h2>The protocol of a blocking operation</h2>
 * Under the channel lock, an operation first looks for a partner: a waiting receiver gets a sent
 * value directly (no buffer copy), a waiting sender's value is taken; else the buffer; else it
 * enqueues a waiter, counts itself parked, unlocks and parks. The partner that later dequeues the
 * waiter (under the same lock) completes the operation on the waiter's behalf, unlocks, and only
 * then wakes it: {@link java.util.concurrent.locks.LockSupport#unpark} runs scheduler code (gmp's
 * ready and wakeP), which never runs under a channel lock. When the waker is a G, gmp puts the
 * woken G in the waker's runnext, so an unbuffered ping-pong is two park/unpark switches per round
 * trip on one P, with no spinning and no queue hop.
 *
 * <h2>Why no wake-up is lost</h2>
 * A waiter is enqueued under the same lock the partner takes to dequeue it; the waiter's thread
 * parks in a loop until a volatile "done" (or its select's "fired") is set by the waker, which sets
 * it before unparking. An unpark before the park leaves a permit; a spurious wake-up re-checks the
 * flag. Waiters are never reused, so a stale unpark only causes a spurious wake-up.
 *
 * <h2>Close</h2>
 * Close marks the channel under its lock and dequeues every waiter, then wakes them after
 * unlocking: receivers with no value, senders with the failure they rethrow. A select case is
 * dequeued by close like by any waker, through the select's claim.
 */
package dev.gmp.chan;

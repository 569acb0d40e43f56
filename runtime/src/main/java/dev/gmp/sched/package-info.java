/**
 * The G-M-P scheduler: Go's runtime scheduler (src/runtime/proc.go) for JDK virtual threads.
 *
 * <h2>G, M, P</h2>
 * <ul>
 *   <li><b>G</b> ({@link dev.gmp.sched.G}) — a goroutine: a virtual thread created with gmp as its
 *       scheduler. The JDK hands the scheduler the thread's continuation task on start, unpark and
 *       yield; running that task mounts the virtual thread on the calling platform thread until it
 *       parks, yields or ends. A G is its own executor, so the task names its G without a lookup.</li>
 *   <li><b>M</b> ({@link dev.gmp.sched.M}) — a machine: a platform daemon thread {@code gmp-m-<id>}
 *       that runs Gs. Created on demand, parked on the idle M list when out of work.</li>
 *   <li><b>P</b> ({@link dev.gmp.sched.P}) — a processor: the right to run Gs. GOMAXPROCS of them.
 *       Each has a local run queue ({@link dev.gmp.sched.RunQueue}: a 256-slot lock-free ring and a
 *       {@code runnext} slot). An M must hold a P to run Gs; an idle P sits on the idle P list.</li>
 * </ul>
 * Plus a global run queue ({@link dev.gmp.sched.GlobalRunQueue}, linked through the Gs: it never
 * allocates) and the idle lists ({@link dev.gmp.sched.IdleLists}), guarded by the scheduler lock
 * ({@link dev.gmp.sched.SpinLock}; a G never unmounts while waiting for it or holding it), and
 * syscalls and handoff ({@link dev.gmp.sched.Syscalls}).
 *
 * <h2>Who touches what</h2>
 * <ul>
 *   <li>A P's ring tail and its runnext (when setting it) are written only by its owner: the M holding
 *       it, or a G running on that M (a G that wakes another G queues it on its own P). The owner
 *       holds the {@code RunQueue}; everyone else gets its {@link dev.gmp.sched.RunQueueStealer}
 *       view ({@code P.stealer}). The ring head and runnext (when clearing it) are also changed by
 *       thieves, by CAS.</li>
 *   <li>A P's counters and histograms are written by its owner only, with opaque stores; readers
 *       sum them. So is its flight ring ({@link dev.gmp.sched.FlightRing}), read seqlock style. The syscall in progress belongs to the G; the P it left belongs to the M.</li>
 *   <li>The idle P list, idle M list and the shape of {@code allp} change only under the scheduler
 *       lock; the global queue is put into by any thread without it and taken from only under it.
 *       {@code npidle}, {@code nmspinning} and the global queue length are also kept in volatile
 *       fields, changed by atomic updates, so the hot paths can read them without the lock.</li>
 *   <li>An M's {@code nextp} and {@code spinning} are written by whoever wakes it, before a volatile
 *       {@code notified} flag the M reads on waking.</li>
 *   <li>A P's timer heap is written by its owner only (an idle or dying P's by the holder of the
 *       scheduler lock); a timer is cancelled from any thread by a CAS on its own state.</li>
 *   <li>Snapshots and schedtrace read everything without locks; values may be a moment stale.</li>
 * </ul>
 *
 * <h2>Where a runnable G goes (ready)</h2>
 * A G woken by a G running on a P goes to that P's runnext: it runs next, on the waker's warm cache,
 * and inherits the time slice (no schedtick increment), as in Go. The G that just gave up its P (a
 * yield) goes to the tail of the local queue; to the global queue after {@code Gmp.gosched()}, or
 * when the local queue is empty while Gs wait globally, so a G looping on a yield never starves
 * others. Runnable Gs from any other thread (platform threads, the JDK's own threads) go to the
 * global queue without taking the scheduler lock: it is a chunked array that producers claim slots
 * of by CAS and the lock holder drains in order, copying references into its P's ring without
 * touching the Gs. A full ring moves half of itself plus the new G to the global queue.
 *
 * <h2>Timers ({@link dev.gmp.sched.PTimers})</h2>
 * Each P has a timer heap ({@link dev.gmp.sched.TimerHeap}, owner-only, its earliest deadline
 * published for others). A goroutine's timed park (sleep, parkNanos, timed waits: the agent's hook on
 * VirtualThread.schedule, or in library use the JDK's delayed-task queues, which
 * {@link dev.gmp.jdk.JdkTimerQueues} wraps),
 * {@code Gmp.after} and {@code Ticker} add a timer to the heap of the caller's P, or to an inbox
 * when the caller holds no P. The M holding a P runs its due timers at the top of findRunnable, so a
 * woken G goes to that P's runnext (a preemption of the P leaves it there). Timers run only while
 * their Gs fit in the ring; the rest stay due in the heap, in deadline order, rather than overflow
 * the ring to the global queue's tail. An M going idle with timers left on idle Ps becomes the one
 * <i>timer waiter</i>: it parks only until the earliest deadline, then takes that P and runs them.
 * Sysmon is the backstop: it starts an M for an idle P whose timer is over 1 ms late and retakes a P
 * in a syscall whose timer is due. A P that dies moves its timers to the inbox (Go's moveTimers).
 *
 * <h2>Time slices and preemption</h2>
 * A chain of Gs waking each other through runnext shares one slice and could keep a P forever;
 * sysmon (awake whenever any P runs) flags a P whose slice passed 10 ms, and at the next schedule
 * the chain's next G goes behind the global queue's Gs (or the local ones when none wait globally),
 * as Go's gopreempt_m does. A G that never schedules is asked to yield through
 * {@code Gmp.checkPreempt()} (the agent's {@code preempt=on} inserts it at loop back-edges).
 *
 * <h2>Finding work (M.findRunnable)</h2>
 * runnext and the local queue; the global queue first on every 61st schedtick (so local work cannot
 * starve global work); a fair batch from the global queue; stealing: up to 4 rounds over all Ps in
 * random order, taking half a victim's ring, the last round also its runnext; else the P goes idle
 * and the M parks.
 *
 * <h2>Spinning, and why no wake-up is lost</h2>
 * An M that is out of local work and looking for more is <i>spinning</i>. At most half of the busy Ps
 * may have a spinning M ({@code 2 * nmspinning < gomaxprocs - npidle}), and {@code wakeP} starts a
 * new spinning M only when none spins; a spinning M that finds work stops spinning and, if it was the
 * last spinner and work is still queued somewhere (the global queue, a P's ring or runnext, the
 * timer inbox), calls wakeP to start another. Go starts another whenever the last spinner stops; an
 * M woken for nothing then spins and parks again, and took the CPUs that a platform thread and the
 * goroutine it fed were spinning on. Work queued after the check finds no spinner (the decrement
 * is a full fence), so its submitter wakes an M. An M that goes idle spins about 10 µs on its
 * wake-up flag before it parks (ForkJoinPool's workers scan about as long): a goroutine readied
 * from outside the Ps soon after then costs its waker a flag write instead of a futex wake-up.
 * The protocol between a submitter and an M going idle:
 * <ul>
 *   <li>Submitter: publish the G (the global queue's volatile slot store, with or without the lock;
 *       or a ring release-store), then read {@code npidle} and {@code nmspinning}; if a P is idle and
 *       nobody spins, take the P and start a spinning M for it. Only the ring store is not followed by
 *       a fence in {@code ready}, as in Go's: that G sits on a running P whose M will run it, so a
 *       stale read can delay a second M (parallelism), never the G. Other callers of {@code wakeP}
 *       fence.</li>
 *   <li>Spinning M going idle: under the lock, take global work or put the P on the idle list; then
 *       decrement {@code nmspinning} (an atomic read-modify-write: a full fence), then re-check every
 *       P's queue and the global queue, and go back to spinning with an idle P if any has work.</li>
 * </ul>
 * Both sides write then read in opposite orders with a full fence between, so at least one of them
 * sees the other: either the submitter sees the spinner (which will see the work), or the spinner's
 * re-check sees the work (for a G on a running P's ring: or its own M runs it). A non-spinning M idles its P under the lock after checking the global queue
 * under the same lock hold. Submitters put on the global queue without the lock: one that holds a
 * running P has its own M, which looks at the global queue before it can idle; for the others, the
 * idling M reads the global queue's head slot again after its npidle increment. An empty head slot
 * whose producer has claimed it but not yet filled it reads as an empty queue: that producer's
 * store comes after the M's read, so its npidle read comes after the increment, and it wakes a P
 * for everything queued behind it.
 *
 * <h2>GOMAXPROCS at run time</h2>
 * {@code procresize} never stops the world. Growing revives dead Ps onto the idle list and wakes an
 * M when Gs wait anywhere; shrinking kills idle Ps at once (their Gs go to the global queue) and
 * leaves the others to their Ms, which drain them to the global queue at their next schedule; sysmon
 * preempts a G still running on such a P and retakes it from a syscall. Nothing is lost either way.
 *
 * <h2>Failures</h2>
 * An M's schedule loop reports any Throwable loudly and goes on with the P it holds; broken
 * invariants (a P with two owners, a negative spinning count, a G queued twice) throw with a message.
 * Beyond {@code -Dgmp.maxThreads} no M is started: a blocking call keeps its P ({@code MaxThreads}).
 */
package dev.gmp.sched;

package dev.gmp.sched;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The scheduler lock (Go's sched.lock): short critical sections over the idle lists and the global
 * run queue. A spin lock rather than a parking lock because it is taken by virtual threads inside
 * the scheduler (the JDK pins them while they submit) and by Ms; a holder never blocks while holding.
 */
final class SpinLock {
    private final AtomicBoolean held = new AtomicBoolean();

    void lock() {
        int spins = 0;
        while (held.get() || !held.compareAndSet(false, true)) {
            if (++spins < 128) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // the holder may have been descheduled by the OS
                spins = 0;
            }
        }
    }

    void unlock() {
        held.set(false);
    }
}

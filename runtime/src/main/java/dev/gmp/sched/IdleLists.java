package dev.gmp.sched;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The idle P list, the idle M list and the spinning count in one place (Go's sched.pidle, midle,
 * nmspinning; tokio's idle.rs). Every change to {@code npidle} and {@code nmspinning} happens here.
 *
 * <p>The lists and their counts change only under the scheduler lock ({@code ...Locked} methods,
 * Go's convention); {@code npidle}, {@code nmidle} and {@code nmspinning} are also readable without
 * it by the hot paths. The spinning protocol that keeps wake-ups from being lost (see package-info)
 * relies on {@code nmspinning} changing only by atomic read-modify-writes, i.e. full fences.
 *
 * <p>Invariants, checked where they can break: {@code nmspinning >= 0}; a P on the list is IDLE and
 * has no M; a P is on the list at most once.
 */
final class IdleLists {
    private P pidle;
    private final AtomicInteger npidle = new AtomicInteger();
    private M midle;
    private volatile int nmidle;
    private final AtomicInteger nmspinning = new AtomicInteger();

    // ---- idle Ps (scheduler lock held) ---------------------------------------------------------

    /** Pushes an IDLE P with no M. */
    void pidlePutLocked(P pp) {
        if (pp.status() != P.IDLE || pp.m != null || pp.link != null || pp == pidle) {
            throw new IllegalStateException("pidleput: " + pp + " with M " + pp.m + " cannot go idle");
        }
        pp.link = pidle;
        pidle = pp;
        npidle.incrementAndGet();
    }

    /** Pops an idle P, or null; the caller marks it owned before releasing the lock. */
    P pidleGetLocked() {
        P pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            npidle.decrementAndGet();
        }
        return pp;
    }

    /** Unlinks {@code target} if it is on the list. */
    void pidleRemoveLocked(P target) {
        P prev = null;
        for (P pp = pidle; pp != null; prev = pp, pp = pp.link) {
            if (pp == target) {
                if (prev == null) pidle = pp.link; else prev.link = pp.link;
                pp.link = null;
                npidle.decrementAndGet();
                return;
            }
        }
    }

    int npidle() {
        return npidle.get();
    }

    // ---- idle Ms (scheduler lock held) ---------------------------------------------------------

    void midlePutLocked(M m) {
        m.idle = true;
        m.link = midle;
        midle = m;
        nmidle++;
    }

    M midleGetLocked() {
        M m = midle;
        if (m != null) {
            midle = m.link;
            m.link = null;
            nmidle--;
        }
        return m;
    }

    /** Unlinks {@code target} if it is on the list; returns whether it was (an M leaving to run timers). */
    boolean midleRemoveLocked(M target) {
        M prev = null;
        for (M m = midle; m != null; prev = m, m = m.link) {
            if (m == target) {
                if (prev == null) midle = m.link; else prev.link = m.link;
                m.link = null;
                nmidle--;
                return true;
            }
        }
        return false;
    }

    int nmidle() {
        return nmidle;
    }

    // ---- spinning Ms (no lock) -----------------------------------------------------------------

    int nmspinning() {
        return nmspinning.get();
    }

    /**
     * Claims the right to start the first spinning M (wakeP, handoffP): true only when nobody spins.
     * The plain read first keeps the common case (someone spins) free of a contended CAS.
     */
    boolean claimFirstSpinner() {
        return nmspinning.get() == 0 && nmspinning.compareAndSet(0, 1);
    }

    /**
     * An M out of local work may spin while at most half of the busy Ps have a spinner, so idle Ms
     * do not burn the CPUs that busy ones need (Go's findRunnable rule).
     */
    boolean mayStartSpinning(int gomaxprocs) {
        return 2 * nmspinning.get() < gomaxprocs - npidle.get();
    }

    /** An M starts spinning. A full fence, like every change of the count. */
    void startSpinning() {
        nmspinning.incrementAndGet();
    }

    /** A spinner stops (or a claimed spinner was never started). Returns true when it was the last. */
    boolean stopSpinning() {
        int left = nmspinning.decrementAndGet();
        if (left < 0) {
            nmspinning.incrementAndGet();
            throw new IllegalStateException("nmspinning went negative: a spinner stopped twice");
        }
        return left == 0;
    }

    /** Ms that could take new work without being started: spinning ones, and an M per idle P. */
    int idleOrSpinning() {
        return nmspinning.get() + npidle.get();
    }
}

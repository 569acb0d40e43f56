package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

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
 *
 * <p>Layout: the counts are fields of this object (no atomic objects to chase), padded before and
 * after (see {@link IdleListsFields}), so the scheduler lock's CAS and neighbouring objects do not
 * share their line: every wake-up on every core reads {@code npidle} and {@code nmspinning}.
 */
final class IdleLists extends IdleListsPad1 {
    private static final VarHandle NPIDLE, NMSPINNING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NPIDLE = lookup.findVarHandle(IdleListsFields.class, "npidle", int.class);
            NMSPINNING = lookup.findVarHandle(IdleListsFields.class, "nmspinning", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- idle Ps (scheduler lock held) ---------------------------------------------------------

    /** Pushes an IDLE P with no M. */
    void pidlePutLocked(P pp) {
        if (pp.status() != P.IDLE || pp.m != null || pp.link != null || pp == pidle) {
            throw new IllegalStateException("pidleput: " + pp + " with M " + pp.m + " cannot go idle");
        }
        pp.link = pidle;
        pidle = pp;
        NPIDLE.getAndAdd(this, 1);
    }

    /** Pops an idle P, or null; the caller marks it owned before releasing the lock. */
    P pidleGetLocked() {
        P pp = pidle;
        if (pp != null) {
            pidle = pp.link;
            pp.link = null;
            NPIDLE.getAndAdd(this, -1);
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
                NPIDLE.getAndAdd(this, -1);
                return;
            }
        }
    }

    int npidle() {
        return npidle;
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
        return nmspinning;
    }

    /**
     * Claims the right to start the first spinning M (wakeP, handoffP): true only when nobody spins.
     * The plain read first keeps the common case (someone spins) free of a contended CAS.
     */
    boolean claimFirstSpinner() {
        return nmspinning == 0 && NMSPINNING.compareAndSet(this, 0, 1);
    }

    /**
     * An M out of local work may spin while at most half of the busy Ps have a spinner, so idle Ms
     * do not burn the CPUs that busy ones need (Go's findRunnable rule).
     */
    boolean mayStartSpinning(int gomaxprocs) {
        return 2 * nmspinning < gomaxprocs - npidle;
    }

    /** An M starts spinning. A full fence, like every change of the count. */
    void startSpinning() {
        NMSPINNING.getAndAdd(this, 1);
    }

    /** A spinner stops (or a claimed spinner was never started). Returns true when it was the last. */
    boolean stopSpinning() {
        int left = (int) NMSPINNING.getAndAdd(this, -1) - 1;
        if (left < 0) {
            NMSPINNING.getAndAdd(this, 1);
            throw new IllegalStateException("nmspinning went negative: a spinner stopped twice");
        }
        return left == 0;
    }

    /** Ms that could take new work without being started: spinning ones, and an M per idle P. */
    int idleOrSpinning() {
        return nmspinning + npidle;
    }
}

/** 64 bytes before the counts (bytes, not longs: see RunQueuePad0). */
abstract class IdleListsPad0 {
    byte p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    byte p16, p17, p18, p19, p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p30, p31;
    byte p32, p33, p34, p35, p36, p37, p38, p39, p40, p41, p42, p43, p44, p45, p46, p47;
    byte p48, p49, p50, p51, p52, p53, p54, p55, p56, p57, p58, p59, p60, p61, p62, p63;
}

/** The lists and counts of {@link IdleLists}; its class comment says who writes what. */
abstract class IdleListsFields extends IdleListsPad0 {
    P pidle;
    /** Changed only by NPIDLE's atomic updates; read plainly as a volatile. */
    volatile int npidle;
    M midle;
    volatile int nmidle;
    /** Changed only by NMSPINNING's atomic updates (full fences); read as a volatile. */
    volatile int nmspinning;
}

/** 64 bytes after the counts. */
abstract class IdleListsPad1 extends IdleListsFields {
    byte q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
    byte q16, q17, q18, q19, q20, q21, q22, q23, q24, q25, q26, q27, q28, q29, q30, q31;
    byte q32, q33, q34, q35, q36, q37, q38, q39, q40, q41, q42, q43, q44, q45, q46, q47;
    byte q48, q49, q50, q51, q52, q53, q54, q55, q56, q57, q58, q59, q60, q61, q62, q63;
}

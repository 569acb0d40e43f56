package dev.gmp.sched;

/**
 * A processor: the right to run Go code. GOMAXPROCS of them exist; an M must hold one to run Gs.
 *
 * <p>Fields are written by the M that holds the P (its owner), except where noted; other threads
 * read them only for stealing ({@link #runq}) and monitoring (snapshot, schedtrace), where a
 * slightly stale value is fine.
 */
public final class P {
    public static final int IDLE = 0, RUNNING = 1, SYSCALL = 2, DEAD = 3;

    public final int id;
    final RunQueue runq;

    /** IDLE (on the idle list, no M), RUNNING (held by an M), SYSCALL, DEAD (beyond GOMAXPROCS). */
    private volatile int status = IDLE;
    /** The M holding this P, or null. */
    volatile M m;
    /** Next P on the idle list; guarded by the scheduler lock. */
    P link;

    /** Incremented on every new time slice (not when runnext inherits the slice). Owner only. */
    long schedtick;
    /** Incremented on every syscall. Owner only. */
    long syscalltick;
    /** Gs this P stole from others (owner only) and Gs stolen from it (any thief, hence atomic). */
    long stealsIn;
    final java.util.concurrent.atomic.AtomicLong stealsOut = new java.util.concurrent.atomic.AtomicLong();
    /** Gs this P ran (slices), owner only; the sum over Ps is the scheduler's switch count. */
    long runs;

    P(int id, int runqCapacity) {
        this.id = id;
        this.runq = new RunQueue(runqCapacity);
    }

    int status() {
        return status;
    }

    void setStatus(int s) {
        status = s;
    }

    static String statusName(int s) {
        return switch (s) {
            case IDLE -> "idle";
            case RUNNING -> "running";
            case SYSCALL -> "syscall";
            default -> "dead";
        };
    }

    @Override
    public String toString() {
        return "P" + id + "[" + statusName(status) + "]";
    }
}

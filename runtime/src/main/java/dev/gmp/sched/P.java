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
    /** Its run queue, as its owner (the M holding it, or a G running there) uses it. */
    final RunQueue runq;
    /** The same queue as everyone else may use it: thieves, sysmon, monitoring. */
    final RunQueueStealer stealer;

    /**
     * IDLE (on the idle list, no M), RUNNING (held by an M), SYSCALL (its M is blocked in a syscall;
     * sysmon may retake it), DEAD (beyond GOMAXPROCS). SYSCALL leaves only by CAS: to RUNNING by the
     * returning M (exitsyscall fast path) or to IDLE by sysmon (retake); exactly one of them wins.
     */
    private volatile int status = IDLE;
    /** The M holding this P, or null. */
    volatile M m;
    /** Next P on the idle list; guarded by the scheduler lock. */
    P link;

    /**
     * Incremented on every new time slice (not when runnext inherits the slice) and on every
     * syscall. Written only by the owner, with opaque stores (no fence on the hot path); sysmon and
     * snapshots read them with opaque loads: a fresh-enough value, never a torn one.
     */
    private long schedtick;
    private long syscalltick;

    void incSchedtick() {
        SCHEDTICK.setOpaque(this, schedtick + 1);
    }

    void incSyscalltick() {
        SYSCALLTICK.setOpaque(this, syscalltick + 1);
    }

    long schedtick() {
        return (long) SCHEDTICK.getOpaque(this);
    }

    long syscalltick() {
        return (long) SYSCALLTICK.getOpaque(this);
    }
    /** Gs this P stole from others: owner only, opaque like schedtick. Stolen from it: any thief, hence atomic. */
    private long stealsIn;
    final java.util.concurrent.atomic.AtomicLong stealsOut = new java.util.concurrent.atomic.AtomicLong();
    /** Slices run on this P: owner only, opaque; the sum over Ps is the scheduler's switch count. */
    private long runs;

    void addStealsIn(int n) {
        STEALS_IN.setOpaque(this, stealsIn + n);
    }

    long stealsIn() {
        return (long) STEALS_IN.getOpaque(this);
    }

    void incRuns() {
        RUNS.setOpaque(this, runs + 1);
    }

    long runs() {
        return (long) RUNS.getOpaque(this);
    }

    /**
     * Goids handed out by this P, taken from the scheduler's counter in batches (Go's goidcache):
     * a G spawning Gs does not touch the shared counter for each one. Owner only.
     */
    private long goidCache, goidCacheEnd;
    /** A power of two: AllGs puts a batch's Gs in one stripe. */
    static final int GOID_BATCH = 16;

    /** The next goid for a G created on this P: unique and never reused, increasing per P only. Owner only. */
    long nextGoid(java.util.concurrent.atomic.AtomicLong goidgen) {
        if (goidCache == goidCacheEnd) {
            goidCacheEnd = goidgen.addAndGet(GOID_BATCH) + 1;
            goidCache = goidCacheEnd - GOID_BATCH;
        }
        return goidCache++;
    }

    /**
     * Event counts kept per P, so that paths taken for every G or every hand-off touch no shared
     * atomic and no cache line another P writes: Gs started by code running on this P, Gs whose end
     * its M saw, and Gs that parked in gmp's primitives (channels, select, WaitGroup) or were woken
     * from them by code running here (the deadlock detector's counts, see ParkedCounts). Indexed by
     * the constants below; summed over the Ps by {@link Sched#sumOverPs}. Owner only; release stores
     * and acquire loads: a reader that sees a G counted finished sees it counted created (its start
     * happened before its end), so live counts never go negative.
     */
    static final int GO_CREATED = 0, GO_FINISHED = 1, PRIMITIVE_PARKS_G = 2, PRIMITIVE_WAKES_G = 3;
    private final long[] counts = new long[4];

    void count(int which) {
        COUNTS.setRelease(counts, which, counts[which] + 1);
    }

    long counted(int which) {
        return (long) COUNTS.getAcquire(counts, which);
    }

    /** Slices on this P that ended with the G blocked (not a yield, not its end): owner only, opaque. */
    private long parks;

    void incParks() {
        PARKS.setOpaque(this, parks + 1);
    }

    long parks() {
        return (long) PARKS.getOpaque(this);
    }

    /**
     * How long each G mounted here waited runnable, and how long each slice that ended here ran.
     * Owner only, like the counters above; snapshots sum them over the Ps.
     */
    final TimeHistogram schedLatency = new TimeHistogram();
    /** Its timers (see PTimers): written by the owner; others read the published earliest deadline. */
    final TimerHeap timers = new TimerHeap();
    final TimeHistogram slices = new TimeHistogram();
    /** The flight record of this P (owner-only writes); null when the recorder is off. */
    final FlightRing flight = FlightRecording.newRing();

    P(int id, int runqCapacity) {
        this.id = id;
        this.runq = new RunQueue(runqCapacity);
        this.stealer = runq;
    }

    int status() {
        return status;
    }

    void setStatus(int s) {
        status = s;
    }

    boolean casStatus(int expected, int next) {
        return STATUS.compareAndSet(this, expected, next);
    }

    /** Set by sysmon when the current G has run more than 10 ms in one slice; cleared by the owner. */
    volatile boolean preempt;
    /** When the current syscall began (System.nanoTime), written by the owner in entersyscall. */
    volatile long syscallWhen;

    // Sysmon's private view of this P (Go's sysmontick): only the sysmon thread touches these.
    long sysmonSchedtick;
    long sysmonSchedWhen;
    long sysmonSyscalltick;
    long sysmonLimitedSyscalltick = -1;
    boolean sysmonFlagged;

    private static final java.lang.invoke.VarHandle STATUS, SCHEDTICK, SYSCALLTICK, STEALS_IN, RUNS, PARKS;
    private static final java.lang.invoke.VarHandle COUNTS = java.lang.invoke.MethodHandles.arrayElementVarHandle(long[].class);

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            STATUS = lookup.findVarHandle(P.class, "status", int.class);
            SCHEDTICK = lookup.findVarHandle(P.class, "schedtick", long.class);
            SYSCALLTICK = lookup.findVarHandle(P.class, "syscalltick", long.class);
            STEALS_IN = lookup.findVarHandle(P.class, "stealsIn", long.class);
            RUNS = lookup.findVarHandle(P.class, "runs", long.class);
            PARKS = lookup.findVarHandle(P.class, "parks", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
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

package dev.gmp.sched;

import dev.gmp.jdk.JdkTimerQueues;
import dev.gmp.jdk.VirtualThreads;
import dev.gmp.jfr.GoCreateEvent;
import dev.gmp.jfr.GoUnparkEvent;
import dev.gmp.jfr.HandoffEvent;
import dev.gmp.jfr.JfrGate;
import dev.gmp.jfr.ProcResizeEvent;
import java.lang.invoke.VarHandle;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The scheduler's global state (Go's {@code sched} and {@code allp}): the Ps, the idle P and idle M
 * lists, the global run queue, the spinning count, and the operations on them: ready, wakeP,
 * startM, globrunqput/get, procresize. See package-info for the design and the protocols.
 */
public final class Sched {
    private static volatile Sched instance;

    /** The process-wide scheduler, created on first use with the settings of {@link SchedConfig#fromSystemProperties}. */
    public static Sched get() {
        Sched s = instance;
        if (s == null) {
            synchronized (Sched.class) {
                s = instance;
                if (s == null) {
                    VirtualThreads.ensureAvailable();
                    s = new Sched(SchedConfig.fromSystemProperties());
                    instance = s;
                    s.startBackgroundThreads();
                    s.redirectTimedParks();
                }
            }
        }
        return s;
    }

    /**
     * Goroutines' timed parks become timers of their P also without the agent (whose hook on
     * VirtualThread.schedule comes first): through the JDK's delayed-task queues for custom
     * schedulers, see JdkTimerQueues.
     */
    private void redirectTimedParks() {
        // The JDK arms a timed park after the G unmounted, on its carrier: an M between the G's
        // continuation and the next G, whose P takes the timer.
        String failure = JdkTimerQueues.redirect((timeout, delayNanos) -> {
            M m = currentM();
            return m != null && m.curg != null ? timers.schedule(timeout, delayNanos, 0) : null;
        });
        if (failure != null) {
            System.err.println("gmp: goroutines' timed parks are left to the JDK's timer queues, which gmp cannot wrap: " + failure);
        }
    }

    /** The scheduler if it has been started, else null (monitoring must not start it). */
    public static Sched getIfStarted() {
        return instance;
    }

    final SchedConfig config;
    final long startNanos = System.nanoTime();

    /** Go's sched.lock: guards pidle, midle, the global queue and the shape of allp. */
    final SpinLock lock = new SpinLock();

    /** Every P ever created; indices below gomaxprocs are live, the rest DEAD (kept for their counters). */
    private volatile P[] allp;
    private volatile int gomaxprocs;

    /** Idle Ps, idle Ms and spinning Ms; the lists are guarded by lock. */
    final IdleLists idle = new IdleLists();

    final List<M> allm = new CopyOnWriteArrayList<>();
    /**
     * Ms created or reserved (allm's size once each new M is added). Ms are never destroyed; it
     * decreases only when a reserved M could not be made or started.
     */
    private final AtomicInteger mcount = new AtomicInteger();
    private final AtomicLong mnext = new AtomicLong();

    private final GlobalRunQueue globalQueue = new GlobalRunQueue();

    private final AtomicLong goidgen = new AtomicLong();
    /** Gs started and finished by threads holding no P; the rest are counted per P (see {@link #created()}). */
    private final LongAdder createdWithoutP = new LongAdder();
    private final LongAdder finishedWithoutP = new LongAdder();
    final LongAdder yields = new LongAdder();
    final LongAdder syscalls = new LongAdder();
    final LongAdder handoffs = new LongAdder();
    final LongAdder retakes = new LongAdder();
    final LongAdder longRunning = new LongAdder();
    /** Parks seen by an M that had lost its P during the slice (rare); the rest are counted per P. */
    final LongAdder parksWithoutP = new LongAdder();
    /** Idle Ms handed a P (M.wakeWith). */
    final LongAdder mWakeUps = new LongAdder();
    /** Those hand-offs that came while the M still spun for one (M.awaitHandOff), so it never parked. */
    final LongAdder mWakeUpsWhileSpinning = new LongAdder();
    /**
     * 1 in this many transitions of a G to runnable is timed for the histograms (a power of two; Go:
     * 8). Each timed one reads the clock three times, about 45 ns each between two slices here: at 16
     * that was 3-5 % of a park ping-pong (FeatureCost's paired rows), over the histograms' 3 % goal.
     */
    static final int TRACKING_PERIOD = 32;
    /** Slices that ended on an M that had lost its P (rare); guarded by its own monitor. */
    final TimeHistogram slicesWithoutP = new TimeHistogram();
    /**
     * Flight records of Ms without a P (rare); writers hold {@link #flightWithoutPLock}, a spin lock
     * and not a monitor: a G leaving a retaken syscall writes here, and a G waiting for a contended
     * monitor unmounts (JDK 24+). Null when the recorder is off.
     */
    final FlightRing flightWithoutP = FlightRecording.newRing();
    final SpinLock flightWithoutPLock = new SpinLock();
    final AllGs allgs = new AllGs();
    final SchedWarnings warnings = new SchedWarnings();
    /** Gs for virtual threads that inherited another G's executor, by their runContinuation task. */
    private final ConcurrentHashMap<Runnable, G> foreignGs = new ConcurrentHashMap<>();
    private final InternalErrors internalErrors = new InternalErrors();
    private final Sysmon sysmon = new Sysmon(this);
    final Syscalls syscallState = new Syscalls(this);
    final PTimers timers = new PTimers(this);
    final MaxThreads maxThreads;
    final CarrierSpacers spacers;

    Sched(SchedConfig config) {
        FlightRecording.validate();
        SchedStats.validate();
        this.config = config;
        this.maxThreads = new MaxThreads(config.maxThreads(), config.haltOnThreadLimit());
        // On one CPU no two Ms run at once, so no line is fought over: spacers would only take threads.
        this.spacers = new CarrierSpacers(config.carrierSpacers() && Runtime.getRuntime().availableProcessors() > 1);
        P[] ps = new P[config.procs()];
        gomaxprocs = ps.length;
        for (int i = ps.length - 1; i >= 0; i--) {
            ps[i] = new P(i, config.runqCapacity());
            pidlePutLocked(ps[i]); // no other thread sees this scheduler yet
        }
        allp = ps;
    }

    private void startBackgroundThreads() {
        sysmon.start();
        try {
            // The samples register when JFR initialises (before its first recording starts):
            // registering them initialises JFR, hundreds of milliseconds that an application
            // recording nothing should not pay.
            JfrGate.install(() -> {
                try {
                    SchedSamples.register(this);
                } catch (Throwable t) {
                    reportInternalError(InternalErrors.JFR_SAMPLES, null, t);
                }
            });
        } catch (Throwable t) { // JFR absent from this runtime image: run without events or samples
            reportInternalError(InternalErrors.JFR_WATCH, null, t);
        }
        if (config.schedtraceMillis() > 0) {
            Schedtrace.startPrinter(this, config.schedtraceMillis());
        }
    }

    public int gomaxprocs() {
        return gomaxprocs;
    }

    /** See {@link SchedWarnings#recent}. */
    public List<dev.gmp.SchedWarning> warnings() {
        return warnings.recent();
    }

    public long warningCount(dev.gmp.SchedWarning.Kind kind) {
        return warnings.count(kind);
    }

    P[] allp() {
        return allp;
    }

    Sysmon sysmon() {
        return sysmon;
    }

    int globalRunqSize() {
        return globalQueue.size();
    }

    // ---- creating and readying Gs -------------------------------------------------------------

    /** Go's newproc: starts {@code task} as a new G and returns its virtual thread. */
    public Thread go(Runnable task) {
        Objects.requireNonNull(task, "task");
        checkPreempt(); // a safe point: see checkPreempt
        G g = newG();
        Thread thread = VirtualThreads.newThread(g, task);
        register(g, thread);
        thread.start();
        return thread;
    }

    /** A new G, not yet bound to a thread (the agent binds it to a thread the app creates). */
    public G newG() {
        P pp = ownedP();
        long goid = pp != null ? pp.nextGoid(goidgen) : goidgen.incrementAndGet();
        return new G(goid);
    }

    /**
     * Binds {@code g} to its unstarted virtual thread. Nothing else refers to the G until the thread
     * starts ({@link #started}), so a thread that is never started is collected with its G.
     */
    public void register(G g, Thread thread) {
        g.bind(thread);
    }

    /** The G's thread was started (its first submission): it is live from now on. Starting thread only. */
    void started(G g) {
        addLive(g);
        if (GoCreateEvent.enabled()) {
            G parent = currentG(); // the starter: start submits the G from the starting thread
            GoCreateEvent.emit(g.goid, parent == null ? 0 : parent.goid, currentPid());
        }
    }

    /** Registers a G as live, stamped with sysmon's coarse clock for its age in the goroutine table. */
    private void addLive(G g) {
        g.stampStart(sysmon.coarseNanos());
        allgs.add(g);
        if (!countOnOwnP(P.GO_CREATED)) {
            createdWithoutP.increment();
        }
    }

    /**
     * The P the caller's M holds and may write as its owner (running, not in a syscall that sysmon
     * could retake), or null.
     */
    private static P ownedP() {
        M m = currentM();
        P pp = m == null ? null : m.p;
        return pp != null && pp.status() == P.RUNNING ? pp : null;
    }

    /**
     * Counts a G parking in one of gmp's primitives on the caller's own P (see ParkedCounts); false,
     * counting nothing, when the caller owns no P (the caller then counts it elsewhere).
     */
    public static boolean countPrimitiveParkOnOwnP() {
        return countOnOwnP(P.PRIMITIVE_PARKS_G);
    }

    /** As {@link #countPrimitiveParkOnOwnP()}, for the caller waking a G from a primitive. */
    public static boolean countPrimitiveWakeOnOwnP() {
        return countOnOwnP(P.PRIMITIVE_WAKES_G);
    }

    /** Counts {@code which} (P.GO_CREATED ...) on the caller's own P; false, counting nothing, when it owns none. */
    private static boolean countOnOwnP(int which) {
        P pp = ownedP();
        if (pp == null) {
            return false;
        }
        pp.count(which);
        return true;
    }

    /** The per-P park counts above, summed. Read before {@link #primitiveWakesOnPs()}: see ParkedCounts. */
    public long primitiveParksOnPs() {
        return sumOverPs(P.PRIMITIVE_PARKS_G);
    }

    /** The per-P wake-up counts, summed. */
    public long primitiveWakesOnPs() {
        return sumOverPs(P.PRIMITIVE_WAKES_G);
    }

    /** Gs started so far. Read {@link #finished()} first when both are needed: see P#counts. */
    long created() {
        return createdWithoutP.sum() + sumOverPs(P.GO_CREATED);
    }

    /** Gs seen finished so far. */
    long finished() {
        return finishedWithoutP.sum() + sumOverPs(P.GO_FINISHED);
    }

    /** One of P's counts (P.GO_CREATED ...) summed over every P, dead ones included. */
    long sumOverPs(int which) {
        long n = 0;
        for (P pp : allp) {
            n += pp.counted(which);
        }
        return n;
    }

    /** The id of the P the caller's M holds, or -1. */
    static int currentPid() {
        M m = currentM();
        P pp = m == null ? null : m.p;
        return pp == null ? -1 : pp.id;
    }

    /**
     * Go's ready: makes {@code g} runnable. On an M holding a P (a G waking another G, or the JDK
     * resubmitting the G that just ran there) the G goes to that P's queue: the runnext slot for a
     * woken G (locality: it runs next, on the waker's warm cache), the tail for the G that just gave
     * up the P, the global queue after gosched. From any other thread, the global queue. Then wakeP.
     */
    void ready(G g) {
        // Every TRACKING_PERIOD-th transition of a G to runnable is timed (Go's trackingSeq): its
        // wait for an M and the slice it then runs go into the P's histograms. Stamped before the G
        // is published to any queue. With -Dgmp.schedStats=off nothing is tracked (the count goes on).
        int seq = g.trackingSeq++;
        if (SchedStats.ENABLED && (seq & (TRACKING_PERIOD - 1)) == 0) {
            // Sampling stopped: the sequence goes on, and the mark tells the M this one is not timed.
            g.readyNanos = SchedStats.sampling() ? System.nanoTime() : G.NOT_TIMED;
        }
        M m = currentM();
        boolean yielded = m != null && m.curg == g; // resubmitted by its own M before the slice returned
        if (yielded) {
            m.curgYielded = true; // a yield, not a park
        }
        P pp;
        String queue = "global";
        int queuedOn = -1;
        if (m != null && (pp = m.p) != null && pp.status() == P.RUNNING) {
            if (yielded) {
                // The G gave up its P (a yield). After Gmp.gosched, or when nothing else is queued
                // here while Gs wait globally, it goes behind them, as Go's Gosched does: else a
                // G looping on Thread.yield() would run again at once, forever.
                if ((g.yieldFlags & G.YIELD_TO_GLOBAL) != 0 || (globalQueue.size() != 0 && pp.runq.isEmpty())) {
                    globrunqput(g);
                } else {
                    runqput(pp, g, false);
                    queue = "local";
                    queuedOn = pp.id;
                }
            } else {
                runqput(pp, g, true);
                queue = "runnext";
                queuedOn = pp.id;
            }
        } else {
            globalQueue.put(g); // no P here: the global queue, without its lock
        }
        if (m != null && m.timerWakes >= 0 && queuedOn >= 0) {
            m.timerWakes++; // readied by a timer this M runs: PTimers.runDue wakes for the surplus
        } else {
            wakePAfterPublish();
        }
        G waker = m == null ? null : m.curg;
        GoUnparkEvent.emit(g.goid, waker == null || waker == g ? 0 : waker.goid, queue, queuedOn);
    }

    /** A virtual thread that inherited a G's executor became runnable: give it a G of its own. */
    void readyForeign(Runnable task) {
        G g = foreignGs.get(task);
        if (g == null) {
            G fresh = newG();
            fresh.bind(VirtualThreads.threadOf(task));
            fresh.markForeign();
            g = foreignGs.putIfAbsent(task, fresh);
            if (g == null) {
                g = fresh;
                addLive(g);
            }
        }
        ready(g);
    }

    /** Called once per G, by the M that sees its thread terminated. */
    void goexit(G g) {
        allgs.remove(g);
        if (g.isForeign()) { // only those are in the map: a lookup would hash every exiting G's task
            foreignGs.remove(g.runContinuation(), g);
        }
        if (!countOnOwnP(P.GO_FINISHED)) {
            finishedWithoutP.increment();
        }
    }

    /** Marks the current G so its next yield goes to the global queue (Go's Gosched), then yields. */
    public void gosched() {
        G g = currentG();
        if (g == null) {
            Thread.yield();
            return;
        }
        yields.increment();
        g.yieldFlags |= G.YIELD_TO_GLOBAL;
        Thread.yield();
        g.yieldFlags = 0; // the yield is over, or the JDK could not yield (pinned)
    }

    /** The M the caller runs on (as itself or as a mounted G), or null. */
    static M currentM() {
        return VirtualThreads.currentCarrierThread() instanceof M m ? m : null;
    }

    /**
     * Whether the caller runs on an M whose P has Gs waiting in runnext or its local queue: what the
     * JDK's {@code ForkJoinWorkerThread.hasKnownQueuedWork} tells its blocking queues for its own
     * carriers, so that a hand-off (SynchronousQueue, LinkedTransferQueue, Exchanger) parks at once
     * instead of spinning while the G it just woke waits behind it on the same P.
     */
    public static boolean carrierHasQueuedWork() {
        M m = currentM();
        P pp = m == null ? null : m.p; // m.p is written by this thread only
        return pp != null && (pp.stealer.runnext() != null || pp.stealer.size() > 0);
    }

    /** The G the caller is, or null when the caller is not a gmp goroutine. */
    public G currentG() {
        M m = currentM();
        if (m != null) {
            G g = m.curg;
            if (g != null && g.thread() == Thread.currentThread()) {
                return g;
            }
        }
        return null;
    }

    // ---- local and global run queues ------------------------------------------------------------

    /** Go's runqput. Owner of {@code pp} only. On overflow, half the ring plus g go to the global queue. */
    void runqput(P pp, G g, boolean next) {
        G homeless;
        while ((homeless = pp.runq.put(g, next)) != null) {
            G[] half = pp.runq.takeHalfForOverflow();
            if (half != null) {
                // No scheduler lock: the half ring takes one claim on the global queue and g one
                // more. This M holds a running P, so it looks at the global queue itself before it
                // could idle, and the caller's wake check covers the other Ms (see GlobalRunQueue).
                globalQueue.putAll(half, half.length);
                pp.runq.overflowBatchQueued();
                globalQueue.put(homeless);
                return;
            }
            g = homeless; // a consumer made room: retry at the tail
            next = false;
        }
    }

    /**
     * Go's globrunqput, by an M holding a P (a yield or a preempted chain): no scheduler lock, for the
     * reason runqput's overflow needs none.
     */
    void globrunqput(G g) {
        globalQueue.put(g);
    }

    /** Go's globrunqget: one G to run, plus a fair share moved to {@code pp}'s local queue. Owner of pp. */
    G globrunqget(P pp, int max) {
        lock.lock();
        try {
            return globrunqgetLocked(pp, max);
        } finally {
            lock.unlock();
        }
    }

    private G globrunqgetLocked(P pp, int max) {
        int size = globalQueue.size(); // may count a claimed slot not yet filled: the poll then stops short
        if (size == 0) {
            return null;
        }
        int n = Math.min(size, size / gomaxprocs + 1);
        if (max > 0 && n > max) {
            n = max;
        }
        // Only the owner adds to pp's ring and thieves only take, so what is free now stays free:
        // the extra Gs always fit and none has to go back.
        n = Math.min(n, Math.min(pp.runq.capacity() / 2, pp.runq.free() + 1));
        return globalQueue.pollIntoLocked(pp.runq, n);
    }

    // ---- idle Ps and Ms, waking and stopping Ms -------------------------------------------------

    /**
     * Puts a P its caller owned on the idle list, or, when it is beyond GOMAXPROCS, lets it die
     * (its Gs go to the global queue), so the idle list and npidle hold live Ps only.
     */
    private void pidlePutLocked(P pp) {
        pp.m = null;
        if (pp.id >= gomaxprocs) {
            drainToGlobalLocked(pp);
            pp.setStatus(P.DEAD);
            return;
        }
        pp.setStatus(P.IDLE);
        idle.pidlePutLocked(pp);
    }

    /**
     * Takes a P off the idle list. It is owned from this moment, not from the taker's acquireP
     * (a new M may take 100 µs to get there): marking it RUNNING under the lock keeps procresize
     * from killing and re-idling it meanwhile, which would give the P two owners.
     */
    private P pidleGetLocked() {
        P pp = idle.pidleGetLocked();
        if (pp != null) {
            pp.setStatus(P.RUNNING);
        }
        return pp;
    }

    /** Puts a P the caller owns on the idle list (or lets it die beyond GOMAXPROCS). */
    void pidlePut(P pp) {
        lock.lock();
        try {
            pidlePutLocked(pp);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes {@code target} off the idle list if it is idle (or any idle P when target is null) and
     * marks it owned, for an M about to run its timers; null when there is none.
     */
    P pidleGetLockedForTimers(P target) {
        if (target == null) {
            return pidleGetLocked();
        }
        if (target.status() != P.IDLE) {
            return null;
        }
        idle.pidleRemoveLocked(target);
        target.setStatus(P.RUNNING);
        return target;
    }

    /** Sysmon found a timer due on idle {@code pp}: run the P on an idle or new M (Go's sysmon startm). */
    void startMForTimers(P pp) {
        M nm;
        lock.lock();
        try {
            if (pidleGetLockedForTimers(pp) == null) {
                return; // taken meanwhile: its new owner runs the timers
            }
            nm = idle.midleGetLocked();
        } finally {
            lock.unlock();
        }
        if (!startM(nm, pp, false, -1, HandoffEvent.IDLE)) {
            pidlePut(pp); // at the thread limit: the next M to go idle waits for the timer
        }
    }

    /**
     * Go's time.AfterFunc inside the scheduler: runs {@code task} on an M after {@code delayNanos},
     * then every {@code periodNanos} if positive, from the timers of the P the caller runs on (see
     * {@link PTimers}). The task runs between Gs: it must be short and must not block. Cancel the
     * returned timer to stop it.
     */
    public Timer startTimer(Runnable task, long delayNanos, long periodNanos) {
        Objects.requireNonNull(task, "task");
        return timers.schedule(task, delayNanos, periodNanos);
    }

    /** Timers run so far on every P. */
    public long timersFired() {
        return timers.fired();
    }

    /** Takes an idle P, or null. Every path that takes a P off the idle list wakes sysmon. */
    P pidleGet() {
        P pp;
        lock.lock();
        try {
            pp = pidleGetLocked();
        } finally {
            lock.unlock();
        }
        if (pp != null) {
            sysmon.wake(); // after npidle's decrement (Dekker with sysmon's deep-sleep check)
        }
        return pp;
    }

    /**
     * Go's wakep: after publishing work, start a spinning M if there is an idle P and nobody spins.
     * Submitter half of the no-lost-wake-up protocol (see package-info): the work is published
     * before the fence; nmspinning is read after it.
     */
    void wakeP() {
        VarHandle.fullFence(); // StoreLoad: our queued G is visible before we read npidle/nmspinning
        wakePAfterPublish();
    }

    /**
     * wakeP for {@link #ready}, without the fence. Its global paths publish with a full fence already
     * (the injection CAS) or under the lock an idling M also takes. Its local path needs none, as in
     * Go's ready: a G in the ring or runnext of a running P is run by that P's M whatever happens, so
     * a stale read of npidle here can only delay a second M, never lose the G (see package-info).
     */
    private void wakePAfterPublish() {
        if (idle.npidle() == 0) {
            return; // every P has an M, which will find the work before it can go idle
        }
        if (!idle.claimFirstSpinner()) {
            return; // a spinning M will find the work (and wake another when it does)
        }
        P pp;
        M nm;
        lock.lock();
        try {
            pp = pidleGetLocked();
            if (pp == null) {
                idle.stopSpinning();
                return;
            }
            nm = idle.midleGetLocked();
        } finally {
            lock.unlock();
        }
        if (!startM(nm, pp, true, -1, HandoffEvent.IDLE)) {
            pidlePut(pp); // at the thread limit: the busy Ms find the work when they next schedule
            idle.stopSpinning();
        }
    }

    /**
     * Go's startm: runs {@code pp} on {@code nm}, or on a new M when nm is null, recording where the
     * P came from ({@code fromM}, or -1 for the idle list) and why. Returns false, with the P still
     * the caller's, when a new M was needed and the thread limit refused it or the JVM could not
     * make or start its thread (the handoff already recorded then names an M that never ran).
     */
    private boolean startM(M nm, P pp, boolean spinning, long fromM, String reason) {
        sysmon.wake(); // a P is leaving the idle list: sysmon may be in deep sleep
        boolean fresh = nm == null;
        String purpose = null;
        if (fresh) {
            purpose = reason.equals(HandoffEvent.SYSCALL_RETAKE) ? "a syscall handoff" : "an M for queued work";
            nm = newM(pp, spinning, purpose);
            if (nm == null) {
                return false;
            }
        }
        if (FlightRecording.recording()) { // while the P is still ours: the new M owns it once it runs
            FlightRecording.handedOff(pp, fromM, nm.id, reason.equals(HandoffEvent.SYSCALL_RETAKE)
                    ? FlightRecording.HANDOFF_RETAKE : FlightRecording.HANDOFF_IDLE);
        }
        if (fresh) {
            if (!startThread(nm, pp, purpose)) {
                return false;
            }
        } else {
            nm.wakeWith(pp, spinning);
        }
        HandoffEvent.emit(pp.id, fromM, nm.id, reason);
        return true;
    }

    /**
     * startM with an idle M if there is one, else a new M, for a P retaken from {@code from}. With
     * {@code spinning} the caller has already counted the new M in nmspinning.
     */
    void startMForRetakenP(P pp, boolean spinning, M from) {
        M nm;
        lock.lock();
        try {
            nm = idle.midleGetLocked();
        } finally {
            lock.unlock();
        }
        if (!startM(nm, pp, spinning, from == null ? -1 : from.id, HandoffEvent.SYSCALL_RETAKE)) {
            // Sysmon checked canStartM before retaking, but the idle M went meanwhile. The P idles;
            // the returning M takes it back in exitsyscall, and spinners can steal its Gs.
            if (spinning) {
                idle.stopSpinning();
            }
            pidlePut(pp);
            HandoffEvent.emit(pp.id, from == null ? -1 : from.id, -1, HandoffEvent.SYSCALL_RETAKE);
            return;
        }
        handoffs.increment();
    }

    /** Idles {@code pp} (owned by the caller) if neither it nor the global queue has work; else false. */
    boolean pidlePutIfNoWork(P pp) {
        pp.runq.clearIfEmpty(); // an idle P keeps no G alive (see RunQueue: clearing)
        lock.lock();
        try {
            if (globalQueue.isEmptyLocked() && pp.runq.isEmpty()) {
                pidlePutLocked(pp);
                return true;
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Whether an M could run a handed-off P now: an idle one exists or the limit allows a new one. */
    boolean canStartM() {
        return idle.nmidle() > 0 || maxThreads.allows(mcount.get());
    }

    /**
     * A new M for {@code pp}, or null when the thread limit refuses it (degrade mode; halt mode
     * exits) or the heap cannot hold it.
     */
    private M newM(P pp, boolean spinning, String purpose) {
        // Reserve the slot first (a CAS, not a lock: a G may get here from ready), so concurrent
        // starters cannot pass the limit together.
        int n;
        do {
            n = mcount.get();
            if (!maxThreads.allows(n)) {
                maxThreads.refused(purpose, pp.id);
                return null;
            }
        } while (!mcount.compareAndSet(n, n + 1));
        M m;
        try {
            m = new M(this, mnext.incrementAndGet(), pp, spinning);
            allm.add(m);
        } catch (Throwable t) { // the heap is exhausted: the reservation is given back, the caller keeps its P
            mcount.decrementAndGet();
            maxThreads.startFailed(purpose, pp.id, t);
            return null;
        }
        return m;
    }

    /**
     * Starts a new M's thread. When the JVM cannot (an OutOfMemoryError: the OS refused a native
     * thread, at a container's pid limit or {@code ulimit -u}), the M is forgotten and false
     * returned, with {@code pp} still the caller's: as at the thread limit, the program goes on with
     * the Ms it has, where an M that never runs would have taken the P, and its Gs, with it.
     */
    private boolean startThread(M nm, P pp, String purpose) {
        try {
            if (mStartsToFailForTests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new OutOfMemoryError("test: unable to create native thread: possibly out of memory or process/resource limits reached");
            }
            spacers.before(nm); // just before: nothing may start in between
            nm.start();
            return true;
        } catch (Throwable t) {
            allm.remove(nm);
            mcount.decrementAndGet();
            maxThreads.startFailed(purpose, pp.id, t);
            return false;
        }
    }

    /** Tests: this many of the next new Ms fail to start, as when the OS refuses a thread. */
    static final AtomicInteger mStartsToFailForTests = new AtomicInteger();

    /** Go's mput: the M goes on the idle list (it then parks itself). */
    void midlePut(M m) {
        lock.lock();
        try {
            idle.midlePutLocked(m);
        } finally {
            lock.unlock();
        }
    }

    /**
     * An M found no work: under the lock, either take late global work or put its P on the idle
     * list (Go's "return P and block"). Checking the global queue and idling the P under one lock
     * hold means a globrunqput either comes before (and is seen here) or after (and sees npidle > 0).
     */
    G releasePOrGlobrunqget(M m, P pp) {
        lock.lock();
        try {
            if (!globalQueue.isEmptyLocked()) {
                return globrunqgetLocked(pp, 0);
            }
            m.releasePLocked();
            pidlePutLocked(pp); // its queues are empty: nothing moves if it dies instead
            return null;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Called by an M that just stopped spinning (after its nmspinning decrement): if any P's queue
     * or the global queue has work, returns an idle P to go after it with, else null.
     */
    P pidleGetIfWorkAnywhere() {
        return workQueuedAnywhere() ? pidleGet() : null;
    }

    /**
     * For an M that just idled its P (its npidle increment was a full fence): whether Gs were
     * injected meanwhile, which the injector, having read npidle before it rose, left to us.
     */
    boolean injectedSinceIdle() {
        return globalQueue.mayHaveWork();
    }

    /** Whether the global queue or any P's local queue holds a G. Any thread; a moment's view. */
    boolean workQueuedAnywhere() {
        if (globalQueue.size() != 0 || timers.inboxNotEmpty()) {
            return true;
        }
        for (P pp : allp) {
            if (!pp.stealer.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /**
     * The M holding {@code pp} found it beyond GOMAXPROCS: moves its Gs to the global queue and
     * marks it DEAD. Returns false when GOMAXPROCS grew back meanwhile (the M keeps the P).
     */
    boolean destroyP(P pp) {
        boolean moved;
        lock.lock();
        try {
            if (pp.id < gomaxprocs) {
                return false;
            }
            moved = drainToGlobalLocked(pp);
            pp.m = null;
            pp.setStatus(P.DEAD);
        } finally {
            lock.unlock();
        }
        if (moved) {
            wakeP();
        }
        return true;
    }

    private boolean drainToGlobalLocked(P pp) {
        boolean moved = timers.moveToInbox(pp);
        G g;
        while ((g = pp.runq.drainOne()) != null) {
            globalQueue.put(g);
            moved = true;
        }
        return moved;
    }

    // ---- syscalls (see Syscalls) -------------------------------------------------------------------

    /** Go's entersyscall, called by a G about to block outside the scheduler's sight (see {@link Syscalls#enter}). */
    public void entersyscall() {
        syscallState.enter();
    }

    /** Go's exitsyscall: the G is back from the call (see {@link Syscalls#exit}). */
    public void exitsyscall() {
        syscallState.exit();
    }

    /**
     * Go's preemption check for code that can offer a safe point: yields if sysmon asked. Starting a
     * goroutine is one (gmp cannot preempt asynchronously as Go does): a G spawning in a loop would
     * otherwise keep its P for the whole loop while the Gs it starts pile up behind it, a backlog of
     * unstarted threads that the collector must trace, instead of going behind them every 10 ms.
     */
    public void checkPreempt() {
        M m = currentM();
        if (m != null) {
            P pp = m.p;
            if (pp != null && pp.preempt) {
                pp.preempt = false;
                G g = m.curg;
                if (g != null) g.yieldFlags |= G.YIELD_PREEMPTED; // for the flight record: this yield is a preemption
                gosched();
                if (g != null) g.yieldFlags = 0; // in case the JDK could not yield (pinned)
            }
        }
    }

    /** Go's procresize, without stopping the world: Ps beyond n die at their M's next schedule. */
    public int procresize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("GOMAXPROCS must be at least 1, got " + n);
        }
        int old;
        boolean wake = false;
        lock.lock();
        try {
            old = gomaxprocs;
            P[] ps = allp;
            if (n > ps.length) {
                P[] grown = java.util.Arrays.copyOf(ps, n);
                for (int i = ps.length; i < n; i++) {
                    grown[i] = new P(i, config.runqCapacity());
                    grown[i].setStatus(P.DEAD);
                }
                allp = ps = grown;
            }
            gomaxprocs = n;
            for (P pp : ps) {
                if (pp.id < n && pp.status() == P.DEAD) {
                    pidlePutLocked(pp);
                    wake = true;
                } else if (pp.id >= n && pp.status() == P.IDLE) {
                    idle.pidleRemoveLocked(pp);
                    wake |= drainToGlobalLocked(pp);
                    pp.setStatus(P.DEAD);
                }
                // A RUNNING or SYSCALL P beyond n is dropped by its M at its next schedule.
            }
        } finally {
            lock.unlock();
        }
        if (wake && workQueuedAnywhere()) {
            wakeP(); // Gs queued on busy Ps or globally: a spinning M for the new Ps (it wakes more)
        }
        if (old != n) {
            ProcResizeEvent.emit(old, n);
        }
        return old;
    }

    /** Reports a failure inside the scheduler and lets the caller recover; throws nothing (see {@link InternalErrors}). */
    void reportInternalError(int site, Object detail, Throwable t) {
        internalErrors.report(site, detail, t);
    }

    /** Internal errors reported since start. */
    long internalErrors() {
        return internalErrors.count();
    }

    // ---- monitoring ------------------------------------------------------------------------------

    /** Gs started and not yet seen finished, system Gs excluded (Go's NumGoroutine). */
    public long liveGoroutines() {
        long done = finished(); // first: a G counted finished was counted created before it
        return Math.max(0, created() - done - allgs.systemGs());
    }


    long uptimeMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}

package dev.gmp.sched;

import dev.gmp.jdk.CarrierEventWriter;
import dev.gmp.jdk.VirtualThreads;
import dev.gmp.jfr.GoParkEvent;
import dev.gmp.jfr.StealEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A machine: a platform daemon thread ({@code gmp-m-<id>}) that runs Gs while it holds a P.
 * Created on demand by {@link Sched#startM}, parked on the idle list when there is no work, never
 * destroyed.
 *
 * <p>Fields are written by the M itself unless noted. {@link #nextp} and {@link #spinning} are also
 * written by the thread that wakes a parked M, before it sets {@link #notified} (a volatile write
 * the M reads before looking at them).
 */
public final class M extends Thread {
    final Sched sched;
    public final long id;

    /** The P held, or null. Read by others for monitoring only. */
    volatile P p;
    /** The P handed over by the waker (startM); taken on wake-up. */
    P nextp;
    /** Out of local work and looking for more (Go's m.spinning); counted in IdleLists' nmspinning. */
    volatile boolean spinning;
    /**
     * The G running on this M, or null. Written by this M with release stores (two per slice: a
     * volatile store's StoreLoad fence, which no protocol here needs, cost more than the rest of the
     * bookkeeping); read with plain loads on this thread (a G running here: Sched.ready, currentG,
     * syscalls) and through {@link #runningG()} by any other (sysmon, dumps, snapshots).
     */
    G curg;
    /** Next M on the idle list; guarded by the scheduler lock. */
    M link;
    /** Set by the waker, cleared by this M: the park/unpark handshake of stopM. */
    private volatile boolean notified;
    /** True while parked on the idle list (monitoring only). */
    volatile boolean idle;

    /** The P held when the running G entered a syscall (Go's m.oldp); exitsyscall tries to take it back. */
    P oldp;
    /** True while the current G is in a syscall (monitoring reads it). */
    volatile boolean inSyscall;

    /** Set by Sched.ready when the running G resubmits itself (a yield); read and cleared by execute. */
    boolean curgYielded;

    /**
     * While this M runs due timers (PTimers.runDue), the Gs they readied onto its P; -1 otherwise.
     * This M runs the first of them itself, so only the others need another M woken. M only.
     */
    int timerWakes = -1;

    /** The last G was taken from runnext: it keeps the current time slice (no schedtick++). */
    private boolean inheritTime;

    /**
     * The G the timers this M ran last left in its P's runnext, until this M takes runnext. When
     * sysmon preempts the P's slice, that G stays: it is no part of the chain the preemption is
     * for. A P waking a burst of sleepers one after another through runnext runs one long slice
     * (each G inherits it, as in Go); the preemption used to send the runnext G, an innocent
     * sleeper, behind the whole global queue. M only.
     */
    G timerRunnext;

    /**
     * A {@code System.nanoTime()} reading taken on this M after its current or last G stopped
     * running (arming that G's timer in its timed park, or the slice's end), or 0. The slice's end
     * and the next findRunnable's timer check use it instead of reading the clock again: a clock read
     * costs 20-60 ns between slices (a sleep storm spent 17 % of its CPU in them), and this one is at
     * most the M's own bookkeeping old, so a timer can run only that much later, never early. No G
     * code runs between the reading and its use; findRunnable clears it before anything can wait.
     * This M only.
     */
    long clockAfterSlice;

    // The flight recorder's view of this M (see FlightRecording); written and read by this M only.
    /**
     * Start of the current G's slice, or FlightRecording.NONE once it ended in a syscall or when it
     * is not recorded. Written before the slice's G is published in curg (release), so a reader
     * that sees the G running then reads its start or a later one ({@link #sliceStartSeenByOthers}).
     */
    long sliceStart;
    /**
     * The end of the last slice (0: none yet; FlightRecording.UNSTAMPED: not read, see there): the
     * next slice's start when found without delay.
     */
    long traceMark;
    /** Slice ends in a runnext chain since the clock was last read, how many may pass unread, and that read. */
    int chainedEnds;
    int stampEvery = FlightRecording.CHAIN_STAMP_PERIOD;
    long lastStamp;
    /** findRunnable found the G at once in runnext or the local queue: no clock read needed for its start. */
    private boolean foundLocally;
    /** When the current G's syscall began on this M, or FlightRecording.NONE; and the P it left. */
    long syscallStart = FlightRecording.NONE;
    int syscallP;
    /** The last park blocker class seen and its wait reason code (most Gs park on one kind of object). */
    Class<?> lastBlockerClass;
    long lastBlockerCode;

    M(Sched sched, long id, P p, boolean spinning) {
        super(null, null, "gmp-m-" + id, 0, false);
        this.sched = sched;
        this.id = id;
        this.nextp = p;
        this.spinning = spinning;
        setDaemon(true);
    }

    /** Runs at the top of every schedule when set: tests throw from here to check the M recovers. */
    static volatile Runnable scheduleHookForTests;

    /** Runs before each slice's continuation when set: tests throw from here to check the G is kept. */
    static volatile Runnable beforeSliceHookForTests;

    /**
     * The schedule loop. An Error or exception thrown inside it (an OutOfMemoryError, a JFR
     * failure, a broken invariant) is reported loudly and the loop goes on with the P it holds: the
     * queue operations it may interrupt allocate nothing and move each G in one step, so no G is
     * halfway between queues, and a G already taken is still run (see execute).
     */
    @Override
    public void run() {
        acquireP(nextp);
        nextp = null;
        while (true) {
            G g;
            try {
                Runnable hook = scheduleHookForTests;
                if (hook != null) {
                    hook.run();
                }
                g = findRunnable();
            } catch (Throwable t) {
                recover(InternalErrors.M_LOOKING_FOR_WORK, null, t);
                continue;
            }
            // From here g is in no queue: whatever fails, it must still run or go back to one.
            if (spinning) {
                try {
                    resetSpinning();
                } catch (Throwable t) {
                    sched.reportInternalError(InternalErrors.M_LOOKING_FOR_WORK, null, t);
                }
            }
            sliceBegun = false;
            try {
                execute(g);
            } catch (Throwable t) {
                if (!sliceBegun) {
                    requeue(g); // the bookkeeping before the slice failed: g runs at a later schedule
                }
                recover(sliceBegun ? InternalErrors.M_AFTER_SLICE : InternalErrors.M_BEFORE_SLICE, g, t);
            }
        }
    }

    /** Set by execute just before the G's continuation runs: until then a failure must requeue the G. */
    private boolean sliceBegun;

    /** Puts back a G that was taken to run and was not run. Allocates nothing (see GlobalRunQueue). */
    private void requeue(G g) {
        P now = p;
        if (now != null) {
            sched.runqput(now, g, false);
        } else {
            sched.globrunqput(g);
            sched.wakeP();
        }
    }

    /** After an error in the schedule loop: reported, and the loop goes on. Throws nothing. */
    private void recover(int site, G g, Throwable t) {
        sched.reportInternalError(site, g == null ? this : g, t);
        traceMark = 0; // the next slice does not follow the last one: its start reads the clock
        LockSupport.parkNanos(1_000_000); // a failure that repeats must not spin a core
    }

    /** Runs one slice of {@code g}: mounts its virtual thread here until it parks, yields or ends. */
    private void execute(G g) {
        P pp = p;
        if (!inheritTime) {
            pp.incSchedtick();
            if (pp.preempt) {
                pp.preempt = false; // a new slice: sysmon's request was for the previous one
            }
        }
        pp.incRuns();
        // Histograms sample the Gs that Sched.ready marked tracked (1 in TRACKING_PERIOD, as Go
        // does): a clock read costs 20-60 ns, a slice of a ping-pong a few hundred.
        boolean tracked = g.tracked();
        long start = 0;
        if (tracked) {
            start = System.nanoTime();
            long latency = Math.max(0, start - g.readyNanos);
            pp.schedLatency.record(latency);
            g.sampledRunnableNanos += latency;
            if (latency >= SchedWarnings.RUNNABLE_TOO_LONG_NANOS) {
                sched.warnings.runnableTooLong(g, pp.id, latency, start);
            }
        }
        if (FlightRecording.recording()) {
            // 0: this M has run no slice yet (or failed, or recording stopped since), so nothing
            // ended just before this one.
            long begun = tracked ? start : foundLocally && traceMark != 0 ? traceMark : FlightRecording.stamp(this);
            if (begun != sliceStart) { // in a chain it is UNSTAMPED again and again: a load is cheaper than a store here
                setSliceStart(begun);
            }
        } else if (FlightRecording.ENABLED) {
            if (traceMark != 0) {
                FlightRecording.stoppedOn(this, pp); // once per stop
            }
            setSliceStart(FlightRecording.NONE); // not recorded, whatever happens to the switch meanwhile
        }
        Runnable hook = beforeSliceHookForTests;
        if (hook != null) {
            hook.run();
        }
        int run = ++g.runs;
        GoParkEvent park = g.parkEvent();
        if (park != null) {
            g.parkEvent(null);
            commitPark(park, run);
        }
        CURG.setRelease(this, g);
        curgYielded = false;
        sliceBegun = true;
        try {
            g.runContinuation().run();
        } catch (Throwable t) {
            // The JDK hands a G's own exceptions to its uncaught-exception handler; anything reaching
            // here is a failure of the scheduler hook itself, or of the JDK's code that finishes a
            // park after the unmount (arming a timeout allocates). The M must survive it, and a G
            // left halfway into a park must not be lost: it resumes as after a spurious wake-up.
            if (VirtualThreads.wakeAfterFailedYield(g.thread())) {
                sched.ready(g);
                sched.reportInternalError(InternalErrors.PARK_NOT_COMPLETED, g, t);
            } else if (!g.thread().isAlive()) {
                // The thread finished, and then its uncaught-exception handler threw (the JDK calls
                // it last, inside the thread's run). The JVM ignores what such a handler throws
                // (Thread.UncaughtExceptionHandler), and so does the JDK's scheduler: not gmp's failure.
            } else {
                sched.reportInternalError(InternalErrors.M_RUNNING, g, t);
            }
        } finally {
            CURG.setRelease(this, null);
        }
        long end = tracked ? clockAfterSlice() : 0;
        Thread thread = g.thread();
        if (inSyscall) {
            sched.syscallState.abandon(this, g, !thread.isAlive());
        }
        if (tracked) {
            recordSlice(end - start); // after abandon: it decides whether we own a P again
            g.sampledRunningNanos += Math.max(0, end - start);
        }
        if (FlightRecording.ENABLED && sliceStart != FlightRecording.NONE) { // a recorded slice that is still open
            try {
                FlightRecording.sliceEnded(this, g, thread, end);
            } catch (Throwable t) { // only the record is lost (a new blocker class's name needs the heap)
                sched.reportInternalError(InternalErrors.RECORDING_SLICE, g, t);
            }
        }
        if (!thread.isAlive()) {
            if (g.markExited()) sched.goexit(g);
        } else if (!curgYielded) {
            P now = p; // ours now (a syscall handoff may have taken pp during the slice)
            if (now != null) now.incParks(); else sched.parksWithoutP.increment();
            try {
                recordParkStart(g, thread, run, pp);
            } catch (Throwable t) { // the G is parked and someone else will ready it: only the record is lost
                sched.reportInternalError(InternalErrors.RECORDING_PARK, g, t);
            }
        }
    }

    /** The time the slice that just ended stopped: {@link #clockAfterSlice}, read now if there is none. */
    long clockAfterSlice() {
        long now = clockAfterSlice;
        if (now == 0) {
            now = System.nanoTime();
            clockAfterSlice = now;
        }
        return now;
    }

    /** Into the P held now, whose owner we are; a syscall handoff during the slice may have left us none. */
    private void recordSlice(long nanos) {
        P now = p;
        if (now != null) {
            now.slices.record(nanos);
        } else {
            TimeHistogram shared = sched.slicesWithoutP;
            synchronized (shared) { // rare: Ms without a P share it
                shared.record(nanos);
            }
        }
    }

    /** Ends and commits the G's park record; a recording failure must not keep the G from running. */
    private void commitPark(GoParkEvent park, int run) {
        try {
            if (park.parkedRun == run - 1) { // else a stale record from a race with a fast resume
                park.end();
                if (park.shouldCommit()) {
                    CarrierEventWriter.prepareCommit(); // a goroutine's event may precede ours on this writer
                    park.commit();
                }
            }
        } catch (Throwable t) {
            sched.reportInternalError(InternalErrors.RECORDING_PARK_END, null, t);
        }
    }

    /** Begins a GoPark event if a recording wants it and the G is still parked. */
    private static void recordParkStart(G g, Thread thread, int run, P pp) {
        GoParkEvent e = GoParkEvent.beginIfEnabled();
        if (e == null) {
            return;
        }
        Thread.State state = thread.getState();
        if (state == Thread.State.RUNNABLE || state == Thread.State.TERMINATED) {
            return; // already resumed elsewhere
        }
        Object blocker = LockSupport.getBlocker(thread);
        e.goid = g.goid;
        e.goroutine = thread;
        // From the blocker and state only: this runs on every park while recording, before the
        // threshold can drop the event, so it must not walk the G's stack as the dump does.
        e.waitReason = GoroutineDump.waitReasonWithoutStack(blocker, state);
        e.blockerClass = blocker == null ? null : blocker.getClass();
        e.p = pp.id;
        e.parkedRun = run;
        g.parkEvent(e);
    }

    /**
     * Go's findRunnable: returns a G to run, holding a P. Order: a P beyond GOMAXPROCS is dropped;
     * the global queue every 61st tick (fairness); runnext and the local queue; a batch from the
     * global queue; stealing (when allowed to spin); else the P goes idle and the M parks.
     */
    private G findRunnable() {
        foundLocally = false;
        long clock = clockAfterSlice; // for the first pass's timer check only: later ones may follow a wait
        if (clock != 0) {
            clockAfterSlice = 0;
        }
        for (boolean firstPass = true; ; firstPass = false) {
            P pp = p;
            if (pp == null) {
                // Lost our P (a syscall handoff, or it was dropped by procresize): get another or sleep.
                P idleP = sched.pidleGet();
                if (idleP == null) {
                    stopM();
                } else {
                    acquireP(idleP);
                }
                continue;
            }
            if (pp.id >= sched.gomaxprocs()) {
                dropP(pp);
                continue;
            }
            sched.timers.runDue(pp, firstPass ? clock : 0); // Go's checkTimers: due timers ready their Gs onto pp
            if (pp.preempt) {
                // Sysmon saw this P run one slice for over 10 ms (e.g. two Gs waking each other
                // through runnext, which inherits the slice). The chain's next G is the preempted
                // one: as in Go's gopreempt_m it goes behind the global queue's Gs when there are
                // any (work readied from outside the Ps runs now), else behind the local ones.
                pp.preempt = false;
                // Unless the timers just run put a G there: that one is no chain (the chain's G, if
                // any, moved to the ring when it was displaced, and lost the inherited slice).
                G chained = pp.runq.runnext() == timerRunnext ? null : pp.runq.takeRunnext();
                if (sched.globalRunqSize() > 0) {
                    if (chained != null) {
                        sched.globrunqput(chained);
                    }
                    G g = sched.globrunqget(pp, 1);
                    if (g != null) {
                        inheritTime = false;
                        return g;
                    }
                } else if (chained != null) {
                    sched.runqput(pp, chained, false);
                }
            }
            if (pp.schedtick() % 61 == 0 && sched.globalRunqSize() > 0) {
                G g = sched.globrunqget(pp, 1);
                if (g != null) {
                    inheritTime = false;
                    return g;
                }
            }
            G g = pp.runq.takeRunnext();
            if (g != null) {
                inheritTime = true; // runnext keeps the current time slice, as in Go
                if (timerRunnext != null) {
                    timerRunnext = null; // a load, not a store, in a chain taking runnext slice after slice
                }
                foundLocally = firstPass;
                return g;
            }
            g = pp.runq.poll();
            if (g != null) {
                inheritTime = false;
                foundLocally = firstPass;
                return g;
            }
            if (FlightRecording.ENABLED && traceMark == FlightRecording.UNSTAMPED) {
                FlightRecording.chainBroke(this, pp); // the chain's runnext G was stolen: time its last end
            }
            if (sched.globalRunqSize() > 0) {
                g = sched.globrunqget(pp, 0);
                if (g != null) {
                    inheritTime = false;
                    return g;
                }
            }
            // Spinning rule: at most half of the busy Ps may have a spinning M, so idle Ms do not
            // burn the CPUs that busy ones need.
            if (spinning || sched.idle.mayStartSpinning(sched.gomaxprocs())) {
                if (!spinning) {
                    spinning = true;
                    sched.idle.startSpinning();
                }
                g = stealWork(pp);
                if (g != null) {
                    inheritTime = false;
                    return g;
                }
            }
            // Nothing anywhere: release the P (or take late global work under the lock).
            pp.runq.clearIfEmpty(); // an idle P keeps no G alive
            g = sched.releasePOrGlobrunqget(this, pp);
            if (g != null) {
                inheritTime = false;
                return g;
            }
            if (spinning) {
                // The delicate dance (see package-info): drop nmspinning first, then re-check every
                // source of work. The decrement is a volatile read-modify-write, a full fence, so a
                // submitter either sees us spinning or we see its work here.
                spinning = false;
                sched.idle.stopSpinning();
                P again = sched.pidleGetIfWorkAnywhere();
                if (again != null) {
                    acquireP(again);
                    spinning = true;
                    sched.idle.startSpinning();
                    continue;
                }
            } else if (sched.injectedSinceIdle()) {
                // Injection takes no lock: a G injected before our npidle increment may have been
                // left to us by an injector that saw no idle P.
                P again = sched.pidleGet();
                if (again != null) {
                    acquireP(again);
                    continue;
                }
            }
            stopM();
        }
    }

    /** Up to 4 rounds over all Ps in random order, stealing half a victim's queue; the last round may take runnext. */
    private G stealWork(P pp) {
        P[] all = sched.allp();
        int n = all.length;
        if (n < 2) {
            return null;
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int round = 0; round < 4; round++) {
            boolean stealRunnext = round == 3;
            int k = random.nextInt(n);
            int stride = coprimeStride(n, random);
            for (int i = 0; i < n; i++, k = (k + stride) % n) {
                P victim = all[k];
                if (victim == pp || victim.status() == P.DEAD && victim.stealer.isEmpty()) {
                    continue;
                }
                RunQueue.Stolen stolen = pp.runq.stealFrom(victim.stealer, stealRunnext, victim);
                if (stolen != null) {
                    int count = stolen.count();
                    pp.addStealsIn(count);
                    victim.stealsOut.addAndGet(count);
                    if (FlightRecording.recording()) {
                        FlightRecording.stole(this, pp, victim, count);
                    }
                    try {
                        StealEvent.emit(pp.id, victim.id, count, stolen.tookRunnext());
                    } catch (Throwable t) { // g is ours now: it must run even if recording fails
                        sched.reportInternalError(InternalErrors.RECORDING_STEAL, null, t);
                    }
                    return stolen.takeG();
                }
            }
        }
        return null;
    }

    /** A stride coprime with n, so k, k+s, k+2s ... visits every index once (Go's randomOrder). */
    private static int coprimeStride(int n, ThreadLocalRandom random) {
        while (true) {
            int s = 1 + random.nextInt(n - 1);
            if (gcd(s, n) == 1) {
                return s;
            }
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** A spinning M found work: stop spinning, and if it was the last spinner start another (Go's resetspinning). */
    private void resetSpinning() {
        spinning = false;
        // Go wakes another spinner here whenever this was the last one. That M finds nothing unless
        // work was queued while we spun (its submitters, seeing us spinning, woke nobody), so wake
        // one only then: Ms woken for nothing took the CPUs a platform thread and the G it fed
        // were spinning on. The decrement is a full fence: work queued after this check finds no
        // spinner, and its submitter wakes an M.
        if (sched.idle.stopSpinning() && sched.workQueuedAnywhere()) {
            sched.wakeP();
        }
    }

    /** Our P is beyond GOMAXPROCS: hand its Gs to the global queue and let it die. */
    private void dropP(P pp) {
        if (spinning) {
            spinning = false;
            sched.idle.stopSpinning();
        }
        if (sched.destroyP(pp)) {
            p = null;
        }
    }

    void acquireP(P pp) {
        M owner = pp.m;
        if (owner != null && owner != this) {
            throw new IllegalStateException("acquirep: " + pp + " is already held by " + owner.getName()
                    + "; " + getName() + " cannot take it too");
        }
        pp.m = this;
        pp.setStatus(P.RUNNING);
        p = pp;
    }

    /** Called by the scheduler under its lock when the P is put on the idle list. */
    void releasePLocked() {
        p = null;
    }

    /** Go's stopm: park on the idle list until startM hands us a P, or an idle P's timer is due. */
    private void stopM() {
        timerRunnext = null; // ran or moved on long ago: an idle M keeps no G alive
        sched.midlePut(this);
        if (awaitHandOff()) {
            sched.mWakeUpsWhileSpinning.increment();
        }
        while (!notified) {
            P forTimers = sched.timers.parkIdle(this); // parks; timed when this M waits for a timer
            if (forTimers != null) {
                idle = false;
                acquireP(forTimers);
                return;
            }
            Thread.interrupted(); // an interrupt must not turn this into a busy loop
        }
        notified = false;
        idle = false;
        P pp = nextp;
        nextp = null;
        acquireP(pp);
    }

    /**
     * How long an M that ran out of work waits for a hand-off, spinning on its wake-up flag, before
     * it parks. A G readied from outside the Ps (a platform thread's unpark, the JDK's poller and
     * timer threads) goes to an idle M: caught spinning, that costs the waker a flag write and the
     * M nothing, where a parked M costs a futex wake-up and a sleep (tens of microseconds on a VM).
     * A platform thread handing items to a goroutine through a SynchronousQueue parked on about
     * half of them, and neither side ever got back into the queue's own spinning: 8-15 µs per item,
     * the JDK 0.3-1.2 µs (a ForkJoinPool worker scans about 256 times before it parks). 5, 10 and
     * 20 µs all brought it to 0.4-2 µs. Bounded: an M spins this long once each time it runs out
     * of work, never while it holds a P.
     */
    static final long HAND_OFF_SPIN_NANOS = 10_000;

    /** Spins up to {@link #HAND_OFF_SPIN_NANOS} for a waker's hand-off; true when one came. This M only, on the idle list. */
    private boolean awaitHandOff() {
        long deadline = 0;
        for (int i = 1; !notified; i++) {
            Thread.onSpinWait();
            if ((i & 15) == 0) { // the clock costs more than a spin: read it every 16th
                long now = System.nanoTime();
                if (deadline == 0) {
                    deadline = now + HAND_OFF_SPIN_NANOS;
                } else if (now - deadline > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Waker side of stopM: hands over {@code pp} and unparks. Called without the scheduler lock. */
    void wakeWith(P pp, boolean spin) {
        sched.mWakeUps.increment();
        nextp = pp;
        spinning = spin;
        notified = true; // volatile write publishes nextp and spinning
        LockSupport.unpark(this);
    }

    /** This M only: a slice's start, opaque so that the flight recorder's readers can show the slice running now. */
    void setSliceStart(long start) {
        SLICE_START.setOpaque(this, start);
    }

    /** {@link #sliceStart} as another thread sees it. */
    long sliceStartSeenByOthers() {
        return (long) SLICE_START.getOpaque(this);
    }

    /** The G running on this M as another thread sees it: a moment's view, with the G's state as published. */
    G runningG() {
        return (G) CURG.getAcquire(this);
    }

    private static final VarHandle CURG, SLICE_START;

    static {
        try {
            CURG = MethodHandles.lookup().findVarHandle(M.class, "curg", G.class);
            SLICE_START = MethodHandles.lookup().findVarHandle(M.class, "sliceStart", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    String stateName() {
        if (idle) return "idle";
        if (inSyscall) return "syscall";
        if (spinning) return "spinning";
        P pp = p;
        return runningG() != null || pp != null ? "running" : "idle";
    }
}

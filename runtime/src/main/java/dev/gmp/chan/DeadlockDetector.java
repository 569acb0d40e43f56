package dev.gmp.chan;

import dev.gmp.GoroutineGroup;
import dev.gmp.sched.GoroutineDump;
import dev.gmp.sched.Sched;
import dev.gmp.sched.WaitReason;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Go's checkdead for gmp: "fatal error: all goroutines are asleep - deadlock!" when every live G
 * is parked in a gmp primitive (channel, select, WaitGroup), no gmp timer is pending, and no
 * application thread outside the goroutines can still act.
 *
 * <p>The rule for threads outside the goroutines ({@link ThreadsOutsideGmp}): a platform thread
 * of the application that is running, in I/O, sleeping, in a timed wait or waiting for a lock can
 * act, so it may still wake a G, and its presence vetoes the report; one parked in a gmp primitive,
 * or joining a virtual thread without a timeout, cannot. gmp's own threads and the JVM's are not
 * the application's. Non-gmp virtual threads cannot be enumerated; one parked in a gmp primitive
 * cannot act either, any other is invisible to the rule.
 *
 * <p>Go detects a deadlock exactly, because it sees every thread stop. gmp cannot (Gs may also
 * block in sleep, I/O or locks, which are outside its view), so a daemon platform thread,
 * {@code gmp-deadlock}, polls cheap counters every {@value #INTERVAL_MILLIS} ms and reports only
 * when all of these hold:
 * <ol>
 *   <li>the counters say so: parked Gs ({@link ParkedCounts}) equal live Gs, no timer pending;</li>
 *   <li>two consecutive rounds read identical counters: since they only grow, nothing parked or
 *       was woken in between (a G in sleep or I/O is live but not parked, so it fails 1);</li>
 *   <li>the goroutine dump agrees: every live G is waiting with a gmp wait reason;</li>
 *   <li>no application thread outside the goroutines can act (a walk of all platform threads);</li>
 *   <li>the counters are still identical after the dump and the walk.</li>
 * </ol>
 * The hot path pays only the counter increments; the dump and the thread walk run only on a
 * confirmed candidate. A report stays in {@link #report()} (and so in
 * {@code Gmp.snapshot().deadlock()}) while the counters do not move, and is printed once; in
 * {@link DeadlockMode#EXIT} mode the JVM halts with status 2 after printing (no shutdown hooks,
 * like Go's fatal error, which runs no deferred calls). A report may be missed (a thread waiting
 * for a lock counts as able to act, even when only a sleeping G could release it), never invented
 * by a thread the rule sees.
 */
public final class DeadlockDetector {
    /** Go's message, verbatim. */
    public static final String FATAL = "fatal error: all goroutines are asleep - deadlock!";
    static final long INTERVAL_MILLIS = 100;

    private static final Set<String> GMP_WAIT_REASONS = ThreadsOutsideGmp.GMP_PRIMITIVES.stream()
            .map(WaitReason::text).collect(Collectors.toUnmodifiableSet());

    private static volatile DeadlockDetector instance;

    /** What the detector looks at; a seam so tests can feed it scripted observations. */
    interface Probe {
        /** The counters now, or null when the scheduler has not started. */
        Evidence look();

        /** The goroutine dump. */
        List<GoroutineGroup> goroutines();

        /** The name of an application thread outside the goroutines that can still act, or null. */
        String threadThatCanAct();
    }

    /**
     * One reading of the counters.
     *
     * @param parked        parks and wake-ups in gmp primitives
     * @param liveGs        live Gs (started, not yet seen finished)
     * @param pendingTimers gmp timers that may still fire
     */
    record Evidence(ParkedCounts.Sample parked, long liveGs, long pendingTimers) {
        boolean allAsleep() {
            return liveGs > 0 && parked.parkedGs() == liveGs && pendingTimers == 0;
        }
    }

    private final Probe probe;
    /** The last reading that looked like a deadlock; detector thread only. */
    private Evidence candidate;
    /** The reading behind the current report; detector thread only. */
    private Evidence reported;
    private volatile String report = "";

    DeadlockDetector(Probe probe) {
        this.probe = probe;
    }

    /**
     * Starts detection on first use of a gmp primitive. Cheap after the first call (one volatile read).
     *
     * @throws IllegalArgumentException when {@code -Dgmp.deadlock} is not a valid mode
     */
    public static void ensureStarted() {
        if (instance == null) {
            start();
        }
    }

    private static synchronized void start() {
        if (instance != null) {
            return;
        }
        DeadlockMode mode = DeadlockMode.fromSystemProperty();
        DeadlockDetector detector = new DeadlockDetector(new SchedulerProbe());
        if (mode != DeadlockMode.OFF) {
            Thread.ofPlatform().daemon().name("gmp-deadlock").start(() -> detector.loop(mode));
        }
        instance = detector;
    }

    /** The current deadlock report: Go's fatal error line and the goroutine dump, or "" when none. */
    public static String report() {
        DeadlockDetector d = instance;
        return d == null ? "" : d.currentReport();
    }

    /** This detector's current report, or "". */
    String currentReport() {
        return report;
    }

    private void loop(DeadlockMode mode) {
        boolean failedBefore = false;
        while (true) {
            try {
                Thread.sleep(INTERVAL_MILLIS);
                String newReport = check();
                if (newReport != null) {
                    System.err.print(newReport);
                    System.err.flush();
                    if (mode == DeadlockMode.EXIT) {
                        Runtime.getRuntime().halt(2);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) { // the detector must never die, nor take the app down
                if (!failedBefore) {
                    failedBefore = true;
                    try {
                        System.err.println("gmp: deadlock detector error (further ones not shown): " + t);
                    } catch (Throwable noHeap) { // an exhausted heap fails the report too: go on without it
                    }
                }
            }
        }
    }

    /** One round (detector thread only). Returns a newly confirmed report to print, or null. */
    String check() {
        Evidence now = probe.look();
        if (now == null) {
            return null;
        }
        if (reported != null && !now.equals(reported)) {
            reported = null; // something moved: the deadlock is over (a thread the rule cannot see stepped in)
            report = "";
        }
        if (!now.allAsleep()) {
            candidate = null;
            return null;
        }
        if (!now.equals(candidate)) {
            candidate = now; // first sighting: confirm next round
            return null;
        }
        if (now.equals(reported)) {
            return null; // already reported
        }
        List<GoroutineGroup> groups = probe.goroutines();
        if (!everyGoroutineParkedInGmp(groups, now.liveGs()) || probe.threadThatCanAct() != null
                || !now.equals(probe.look())) {
            return null;
        }
        reported = now;
        String text = FATAL + "\n\n" + GoroutineDump.text(groups);
        report = text;
        return text;
    }

    private static boolean everyGoroutineParkedInGmp(List<GoroutineGroup> groups, long liveGs) {
        long total = 0;
        for (GoroutineGroup group : groups) {
            if (!group.state().equals("waiting") || !GMP_WAIT_REASONS.contains(group.waitReason())) {
                return false;
            }
            total += group.count();
        }
        return total == liveGs;
    }

    /** The real probe: gmp's counters and goroutine dump. */
    private static final class SchedulerProbe implements Probe {
        @Override
        public Evidence look() {
            Sched s = Sched.getIfStarted();
            if (s == null) {
                return null;
            }
            ParkedCounts.Sample parked = ParkedCounts.sample();
            long timers = Timers.pending();
            return new Evidence(parked, s.liveGoroutines(), timers);
        }

        @Override
        public List<GoroutineGroup> goroutines() {
            Sched s = Sched.getIfStarted();
            return s == null ? List.of() : GoroutineDump.groups(s);
        }

        @Override
        public String threadThatCanAct() {
            return ThreadsOutsideGmp.firstThatCanAct();
        }
    }
}

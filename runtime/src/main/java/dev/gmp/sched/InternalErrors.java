package dev.gmp.sched;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures inside the scheduler (an OutOfMemoryError, a JFR failure, a broken invariant), reported
 * loudly and survived: the first {@value #WITH_STACK} with their stack, then a count every 1,000.
 * Never silently, and never a halt of the host application.
 *
 * <p>Reporting throws nothing, even when the heap is exhausted, which is when most of these
 * failures come: a second OutOfMemoryError in a catch block would end the M or sysmon that is
 * recovering, and strand its P. So a caller names where it failed by a number ({@link #M_LOOKING_FOR_WORK}
 * ...), never by a string literal: the JVM creates a literal's String the first time the code runs,
 * which needs the heap, and a catch block runs first when the heap is gone. The texts are made when
 * this class initialises, with the scheduler.
 */
final class InternalErrors {
    /** Where a failure happened: indices into {@link #SITES}. */
    static final int M_LOOKING_FOR_WORK = 0, M_RUNNING = 1, M_AFTER_SLICE = 2, RECORDING_SLICE = 3, RECORDING_PARK = 4,
            RECORDING_PARK_END = 5, RECORDING_STEAL = 6, TIMER_TASK = 7, SYSMON = 8, JFR_SAMPLES = 9,
            JFR_WATCH = 10, SCHEDTRACE = 11, TEST = 12, M_BEFORE_SLICE = 13, TIMER_ADOPT = 14,
            PARK_NOT_COMPLETED = 15;
    private static final String[] SITES = {
        "an M looking for work", "an M running a goroutine", "an M's bookkeeping after a slice",
        "recording a slice", "recording a park", "recording a park's end", "recording a steal",
        "a timer's task", "sysmon", "registering JFR samples", "watching for JFR recordings", "schedtrace",
        "a test", "an M's bookkeeping before a slice (the goroutine was put back in its queue)",
        "adopting timers (the rest wait in the inbox)",
        "the JDK's completion of a park or yield (the goroutine resumes as after a spurious wake-up)"
    };
    private static final int WITH_STACK = 10;

    private final AtomicLong count = new AtomicLong();

    /**
     * Reports {@code t}, thrown at {@code site} (with {@code detail}, e.g. the G, or null). Counts it
     * first, then prints; a print that fails (no heap for the message) is dropped. Throws nothing.
     */
    void report(int site, Object detail, Throwable t) {
        long n = count.incrementAndGet();
        if (n > WITH_STACK && n % 1_000 != 0) {
            return;
        }
        try {
            // A StringBuilder, not +: string concatenation links a call site the first time it
            // runs, and a link that fails for lack of heap fails for good.
            StringBuilder line = new StringBuilder("gmp: ");
            if (n <= WITH_STACK) {
                line.append("internal error in ");
            } else {
                line.append(n).append(" internal errors so far; the latest in ");
            }
            line.append(SITES[site]);
            if (detail != null) {
                line.append(" (").append(detail).append(')');
            }
            line.append(n <= WITH_STACK ? " (the scheduler recovered): " : ": ").append(t);
            System.err.println(line);
            if (n <= WITH_STACK) {
                t.printStackTrace();
            }
        } catch (Throwable reportFailed) { // the count above still has it
        }
    }

    /** Failures reported since start. */
    long count() {
        return count.get();
    }
}

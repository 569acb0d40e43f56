package dev.gmp.sched;

import dev.gmp.jfr.ThreadLimitEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Go's maxmcount, softened for a JVM that runs someone else's application. When every M allowed by
 * {@code -Dgmp.maxThreads} exists and none is idle, gmp starts no more: a goroutine blocked in a
 * system call keeps its P (no handoff) and other Ps' work waits for a free M, so the program slows
 * down instead of dying. It says so once on stderr, counts every refused M
 * ({@code Snapshot.Totals.threadLimitHits}) and commits a {@code gmp.ThreadLimit} event.
 * {@code -Dgmp.onThreadLimit=halt} restores Go's behaviour: "fatal error: thread exhaustion", exit 2.
 * A new M whose thread the JVM cannot start (the OS's own limit) is handled the same way.
 */
final class MaxThreads {
    private final int limit;
    private final boolean halt;
    private final AtomicBoolean warned = new AtomicBoolean();
    private final AtomicBoolean startFailureWarned = new AtomicBoolean();
    final LongAdder hits = new LongAdder();
    /** Set at the first M gmp went without; from then on sysmon looks for work left without an M. */
    private volatile boolean wentWithout;

    MaxThreads(int limit, boolean halt) {
        this.limit = limit;
        this.halt = halt;
    }

    /** Whether an M was ever refused or failed to start: work may then wait on an idle P. */
    boolean wentWithout() {
        return wentWithout;
    }

    /** True while {@code ms} existing Ms leave room for one more. */
    boolean allows(int ms) {
        return ms < limit;
    }

    /**
     * An M was needed and the limit refused it: {@code why} names what goes without (a handoff, a
     * spinning M). Halts in halt mode; else warns once, counts and records.
     */
    void refused(String why, int p) {
        if (halt) {
            System.err.println("gmp: program exceeds " + limit + "-thread limit (-Dgmp.maxThreads)\n"
                    + "fatal error: thread exhaustion: too many goroutines are blocked in system calls at once");
            System.err.flush();
            Runtime.getRuntime().halt(2);
        }
        hits.increment();
        wentWithout = true;
        if (warned.compareAndSet(false, true)) {
            System.err.println("gmp: warning: all " + limit + " Ms allowed by -Dgmp.maxThreads exist and are busy; "
                    + "goroutines blocked in system calls now keep their P until Ms free up (the program slows, "
                    + "it does not stop). Raise -Dgmp.maxThreads, or set -Dgmp.onThreadLimit=halt to stop the process there as Go does.");
        }
        ThreadLimitEvent.emit(limit, why, p);
    }

    /**
     * A new M was needed and the JVM could not make or start its thread ({@code cause}: usually
     * "unable to create native thread", at a container's pid limit or {@code ulimit -u}). Go
     * stops there ("fatal error: newosproc"), and so does halt mode; else it is counted as a
     * refused M and said once, and the program goes on with the Ms it has. Never throws: the
     * caller still holds a P that must not be lost.
     */
    void startFailed(String why, int p, Throwable cause) {
        hits.increment();
        wentWithout = true;
        if (halt) {
            try {
                System.err.println("gmp: failed to create a new thread for " + why + ": " + cause
                        + "\nfatal error: newosproc");
                System.err.flush();
            } catch (Throwable noHeap) { // stops all the same
            }
            Runtime.getRuntime().halt(2);
        }
        try {
            if (startFailureWarned.compareAndSet(false, true)) {
                System.err.println("gmp: warning: " + why + " went without: the JVM could not start a new M (" + cause
                        + "); gmp goes on with the Ms it has: goroutines blocked in system calls keep their P "
                        + "until Ms free up (the program slows, it does not stop). Set -Dgmp.onThreadLimit=halt "
                        + "to stop the process there as Go does.");
            }
            ThreadLimitEvent.emit(limit, "no thread for " + why, p);
        } catch (Throwable ignored) { // the heap is exhausted too: the count above still says it happened
        }
    }
}

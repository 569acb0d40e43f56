package dev.gmp.sched;

import dev.gmp.GoroutineRow;
import dev.gmp.GoroutineSort;
import dev.gmp.jdk.VirtualThreads;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The goroutine table: the top {@code limit} live goroutines by a sort key, computed here so that its
 * cost stays bounded with a million goroutines. One pass over the live Gs reads only plain fields
 * the scheduler keeps anyway (counts, sampled times, the thread's state) and keeps the best
 * {@code limit} in a heap (O(n log limit), no allocation per G that is not a candidate); only the
 * rows returned, at most {@value #MAX_ROWS}, have their stacks walked, and only where the dump may
 * walk them (not a runnable G: see {@link GoroutineDump}).
 */
public final class GoroutineTable {
    private GoroutineTable() {}

    public static final int MAX_ROWS = 500;
    public static final List<String> STATES = List.of("running", "runnable", "waiting", "syscall");

    private record Candidate(G g, long key, String state) {}

    /**
     * The top {@code limit} (1..{@value #MAX_ROWS}) live non-system goroutines by {@code sort}, of
     * {@code state} only unless it is null (one of {@link #STATES}).
     */
    public static List<GoroutineRow> top(Sched s, GoroutineSort sort, int limit, String state) {
        validate(limit, state);
        Map<G, M> runningOn = runningOn(s);
        long now = System.nanoTime();
        PriorityQueue<Candidate> best = new PriorityQueue<>(limit + 1, Comparator.comparingLong(Candidate::key));
        for (G g : s.allgs.snapshot()) {
            Thread t = g.thread();
            if (t == null || g.isSystem() || !t.isAlive()) {
                continue;
            }
            String st = stateOf(g, t, runningOn.get(g));
            if (state != null && !state.equals(st)) {
                continue;
            }
            long key = key(g, sort, now);
            if (best.size() < limit) {
                best.add(new Candidate(g, key, st));
            } else if (key > best.peek().key()) {
                best.poll();
                best.add(new Candidate(g, key, st));
            }
        }
        List<Candidate> sorted = new ArrayList<>(best);
        sorted.sort(Comparator.comparingLong(Candidate::key).reversed());
        List<GoroutineRow> rows = new ArrayList<>(sorted.size());
        for (Candidate c : sorted) {
            rows.add(row(c.g(), c.state(), now));
        }
        // The rows read the counters again, which running Gs keep moving: order them by what they show.
        rows.sort(Comparator.comparingLong((GoroutineRow r) -> shownKey(r, sort)).reversed());
        return rows;
    }

    /** Throws IllegalArgumentException, naming the valid values, unless {@code limit} and {@code state} are valid. */
    public static void validate(int limit, String state) {
        if (limit < 1 || limit > MAX_ROWS) {
            throw new IllegalArgumentException("limit " + limit + " is out of range; valid: 1 to " + MAX_ROWS);
        }
        if (state != null && !STATES.contains(state)) {
            throw new IllegalArgumentException("unknown state '" + state + "'; valid: " + String.join(", ", STATES));
        }
    }

    /** The full stack of the live goroutine {@code goid}, innermost first; empty if there is none. */
    public static Optional<List<String>> stack(Sched s, long goid) {
        G g = s.allgs.find(goid);
        Thread t = g == null ? null : g.thread();
        if (t == null || !t.isAlive()) {
            return Optional.empty();
        }
        String st = stateOf(g, t, runningOn(s).get(g));
        if (st.equals("runnable")) {
            return Optional.of(List.of(GoroutineDump.RUNNABLE_FRAME));
        }
        List<String> frames = new ArrayList<>();
        for (StackTraceElement e : VirtualThreads.stackTrace(t)) frames.add(e.toString());
        return Optional.of(frames);
    }

    private static Map<G, M> runningOn(Sched s) {
        Map<G, M> on = new HashMap<>();
        for (M m : s.allm) {
            G g = m.runningG();
            if (g != null) on.put(g, m);
        }
        return on;
    }

    private static String stateOf(G g, Thread t, M m) {
        if (m != null) {
            return m.inSyscall ? "syscall" : "running";
        }
        Thread.State ts = t.getState();
        return ts == Thread.State.RUNNABLE || ts == Thread.State.NEW ? "runnable" : "waiting";
    }

    /** Larger is better: the ids ascending, the rest descending. */
    private static long key(G g, GoroutineSort sort, long now) {
        return switch (sort) {
            case ID -> -g.goid;
            case AGE -> g.ageNanos(now);
            case RUNNABLE -> g.sampledRunnableNanos;
            case RUNNING -> g.sampledRunningNanos;
            case WAITING -> waiting(g, now);
            case SLICES -> g.runs;
            case WAKEUPS -> g.readies();
        };
    }

    /** {@link #key} as the row shows it. */
    private static long shownKey(GoroutineRow r, GoroutineSort sort) {
        return switch (sort) {
            case ID -> -r.goid();
            case AGE -> r.ageNanos();
            case RUNNABLE -> r.runnableNanos();
            case RUNNING -> r.runningNanos();
            case WAITING -> r.waitingNanos();
            case SLICES -> r.slices();
            case WAKEUPS -> r.wakeups();
        };
    }

    private static long waiting(G g, long now) {
        long age = g.ageNanos(now);
        return Math.max(0, age - Math.min(age, scaled(g.sampledRunnableNanos) + scaled(g.sampledRunningNanos)));
    }

    private static long scaled(long sampled) {
        return sampled * Sched.TRACKING_PERIOD;
    }

    private static GoroutineRow row(G g, String state, long now) {
        Thread t = g.thread();
        long age = g.ageNanos(now);
        String reason = "";
        String top = "";
        if (!state.equals("runnable")) {
            StackTraceElement[] stack = VirtualThreads.stackTrace(t);
            top = topApplicationFrame(stack);
            if (state.equals("waiting")) {
                reason = GoroutineDump.waitReason(LockSupport.getBlocker(t), t.getState(), stack);
            }
        }
        long runnable = Math.min(age, scaled(g.sampledRunnableNanos));
        long running = Math.min(age - runnable, scaled(g.sampledRunningNanos));
        return new GoroutineRow(g.goid, state, reason, age, runnable, running, waiting(g, now), g.runs,
                g.readies(), top);
    }

    static String topApplicationFrame(StackTraceElement[] stack) {
        for (StackTraceElement e : stack) {
            String c = e.getClassName();
            if (!(c.startsWith("java.") || c.startsWith("jdk.") || c.startsWith("sun.") || isGmpsOwn(c))) {
                return e.toString();
            }
        }
        return stack.length == 0 ? "" : stack[0].toString();
    }

    /** gmp's runtime and agent: dev.gmp itself (Chan, Select, Gmp...) and its packages, not an application's dev.gmp.x. */
    private static boolean isGmpsOwn(String className) {
        if (!className.startsWith("dev.gmp.")) {
            return false;
        }
        int dot = className.indexOf('.', "dev.gmp.".length());
        return dot < 0 || OWN_PACKAGES.contains(className.substring(0, dot));
    }

    private static final List<String> OWN_PACKAGES = List.of("dev.gmp.sched", "dev.gmp.chan", "dev.gmp.jdk",
            "dev.gmp.jfr", "dev.gmp.agent");
}

package dev.gmp.sched;

import dev.gmp.GoroutineGroup;
import dev.gmp.jdk.VirtualThreads;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's goroutine profile with debug=1: live Gs grouped by identical (state, wait reason, stack),
 * largest group first.
 *
 * <p>Taking it must not perturb the scheduler. JDK 25's stack walk of an unmounted virtual thread
 * ({@code VirtualThread.tryGetStackTrace}) suspends it, walks it, and then resubmits it when it was
 * runnable (UNPARKED, UNBLOCKED, YIELDED): a queued G would be queued a second time, a second run
 * counted for it, and an M could hold it as curg while another runs it. So only Gs that are not
 * runnable (parked, blocked, waiting: the JDK resubmits those only if they were woken meanwhile,
 * which is their real wake-up) and Gs running on an M (walked on their carrier) have their stacks
 * taken; a runnable G is reported with the single frame {@value #RUNNABLE_FRAME}. The cost is
 * bounded too: at most {@code maxStacks} stacks per dump ({@value #MAX_STACKS} by default), the
 * remaining Gs grouped by state and cheap wait reason under {@value #OVER_LIMIT_FRAME}. Every
 * live G is counted exactly once either way.
 */
public final class GoroutineDump {
    private GoroutineDump() {}

    private static final int MAX_GOIDS = 100;
    /** Stacks walked per dump by default: about 100 ms of walking, whatever the number of Gs. */
    public static final int MAX_STACKS = 5_000;
    static final String RUNNABLE_FRAME = "(stack not taken: the goroutine is queued to run)";
    static final String OVER_LIMIT_FRAME = "(stack not taken: over this dump's limit of stacks)";

    /** The dump without system goroutines, as Go's goroutine profile leaves them out. */
    public static List<GoroutineGroup> groups(Sched s) {
        return groups(s, false);
    }

    /** The dump; system goroutines ({@link G#isSystem}) only when {@code includeSystem}. */
    public static List<GoroutineGroup> groups(Sched s, boolean includeSystem) {
        return groups(s, includeSystem, MAX_STACKS);
    }

    /** The dump, walking at most {@code maxStacks} stacks. */
    static List<GoroutineGroup> groups(Sched s, boolean includeSystem, int maxStacks) {
        Map<String, List<Object[]>> byKey = new HashMap<>();
        Map<Long, M> runningOn = new HashMap<>();
        for (M m : s.allm) {
            G g = m.runningG();
            if (g != null) runningOn.put(g.goid, m);
        }
        int walked = 0;
        for (G g : s.allgs.snapshot()) {
            Thread t = g.thread();
            if (t == null || !t.isAlive() || (g.isSystem() && !includeSystem)) {
                continue;
            }
            M m = runningOn.get(g.goid);
            String state;
            String reason = "";
            List<String> frames;
            if (m != null) {
                state = "syscall".equals(m.stateName()) ? "syscall" : "running";
                frames = walked++ < maxStacks ? frames(VirtualThreads.stackTrace(t)) : List.of(OVER_LIMIT_FRAME);
            } else {
                Thread.State ts = t.getState();
                if (ts == Thread.State.RUNNABLE || ts == Thread.State.NEW) {
                    state = "runnable";
                    frames = List.of(RUNNABLE_FRAME);
                } else if (walked++ < maxStacks) {
                    state = "waiting";
                    StackTraceElement[] stack = VirtualThreads.stackTrace(t);
                    reason = waitReason(LockSupport.getBlocker(t), ts, stack);
                    frames = frames(stack);
                } else {
                    state = "waiting";
                    reason = waitReasonWithoutStack(LockSupport.getBlocker(t), ts);
                    frames = List.of(OVER_LIMIT_FRAME);
                }
            }
            String key = state + '\u0000' + reason + '\u0000' + String.join("\n", frames);
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(new Object[] {g.goid, state, reason, frames});
        }
        List<GoroutineGroup> groups = new ArrayList<>(byKey.size());
        for (List<Object[]> members : byKey.values()) {
            Object[] first = members.get(0);
            long[] ids = members.stream().mapToLong(o -> (Long) o[0]).sorted().toArray();
            List<Long> goids = Arrays.stream(ids).limit(MAX_GOIDS).boxed().toList();
            @SuppressWarnings("unchecked")
            List<String> frames = (List<String>) first[3];
            groups.add(new GoroutineGroup(members.size(), (String) first[1], (String) first[2], frames, goids));
        }
        groups.sort(Comparator.comparingInt(GoroutineGroup::count).reversed()
                .thenComparing(gg -> gg.goids().isEmpty() ? 0L : gg.goids().get(0)));
        return groups;
    }

    /** Text like {@code go tool pprof -debug=1 goroutine}: a header, then each group and its frames. */
    public static String text(List<GoroutineGroup> groups) {
        int total = groups.stream().mapToInt(GoroutineGroup::count).sum();
        StringBuilder sb = new StringBuilder("goroutine profile: total ").append(total).append('\n');
        for (GoroutineGroup gg : groups) {
            sb.append('\n').append(gg.count()).append(" @ ").append(gg.state());
            if (!gg.waitReason().isEmpty()) sb.append(" [").append(gg.waitReason()).append(']');
            sb.append(" goroutines ").append(gg.goids()).append('\n');
            for (String frame : gg.stack()) sb.append("#\t").append(frame).append('\n');
        }
        return sb.toString();
    }

    /** A wait reason cheap enough for every park: the blocker, else the thread state. */
    static String waitReasonWithoutStack(Object blocker, Thread.State state) {
        if (blocker instanceof WaitReason wr) {
            return wr.text();
        }
        if (state == Thread.State.BLOCKED) {
            return "sync.Mutex (monitor enter)";
        }
        if (blocker != null) {
            return "park on " + blocker.getClass().getSimpleName();
        }
        return state == Thread.State.TIMED_WAITING ? "timed park" : "park";
    }

    private static List<String> frames(StackTraceElement[] stack) {
        List<String> frames = new ArrayList<>(stack.length);
        for (StackTraceElement e : stack) frames.add(e.toString());
        return frames;
    }

    /** Go-style wait reason from the park blocker, else from where the thread stopped ({@code stack}). */
    static String waitReason(Object blocker, Thread.State state, StackTraceElement[] stack) {
        if (!(blocker instanceof WaitReason) && state != Thread.State.BLOCKED) {
            // Only the stack tells a sleep or an Object.wait from any other park.
            for (StackTraceElement e : stack) {
                String cls = e.getClassName();
                if (cls.equals("java.lang.Thread") && e.getMethodName().startsWith("sleep")) return "sleep";
                if (cls.equals("java.lang.Object") && e.getMethodName().equals("wait0")) return "sync.Cond (Object.wait)";
            }
        }
        return waitReasonWithoutStack(blocker, state);
    }
}

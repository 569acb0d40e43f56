package dev.gmp.sched;

import dev.gmp.GoroutineGroup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Go's goroutine profile with debug=1: live Gs grouped by identical (state, wait reason, stack),
 * largest group first. O(G): it walks every live G and asks the JDK for its stack.
 */
public final class GoroutineDump {
    private GoroutineDump() {}

    private static final int MAX_GOIDS = 100;

    /** The dump without system goroutines, as Go's goroutine profile leaves them out. */
    public static List<GoroutineGroup> groups(Sched s) {
        return groups(s, false);
    }

    /** The dump; system goroutines ({@link G#isSystem}) only when {@code includeSystem}. */
    public static List<GoroutineGroup> groups(Sched s, boolean includeSystem) {
        Map<String, List<Object[]>> byKey = new HashMap<>();
        Map<Long, M> runningOn = new HashMap<>();
        for (M m : s.allm) {
            G g = m.curg;
            if (g != null) runningOn.put(g.goid, m);
        }
        for (G g : s.allgs.snapshot()) {
            Thread t = g.thread();
            if (t == null || !t.isAlive() || (g.isSystem() && !includeSystem)) {
                continue;
            }
            M m = runningOn.get(g.goid);
            String state;
            String reason = "";
            if (m != null) {
                state = "syscall".equals(m.stateName()) ? "syscall" : "running";
            } else {
                Thread.State ts = t.getState();
                if (ts == Thread.State.RUNNABLE || ts == Thread.State.NEW) {
                    state = "runnable";
                } else {
                    state = "waiting";
                    reason = waitReason(t, ts);
                }
            }
            StackTraceElement[] stack = t.getStackTrace();
            List<String> frames = new ArrayList<>(stack.length);
            for (StackTraceElement e : stack) frames.add(e.toString());
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

    /** Go-style wait reason from the park blocker, else from where the thread stopped. */
    static String waitReason(Thread t, Thread.State state) {
        Object blocker = LockSupport.getBlocker(t);
        if (!(blocker instanceof WaitReason) && state != Thread.State.BLOCKED) {
            // Only the stack tells a sleep or an Object.wait from any other park.
            for (StackTraceElement e : t.getStackTrace()) {
                String cls = e.getClassName();
                if (cls.equals("java.lang.Thread") && e.getMethodName().startsWith("sleep")) return "sleep";
                if (cls.equals("java.lang.Object") && e.getMethodName().equals("wait0")) return "sync.Cond (Object.wait)";
            }
        }
        return waitReasonWithoutStack(blocker, state);
    }
}

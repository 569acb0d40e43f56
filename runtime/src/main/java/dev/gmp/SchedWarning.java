package dev.gmp;

import java.util.List;

/**
 * Something a user can act on, noticed by the scheduler as it happened (tokio-console's lints).
 *
 * @param kind          what was seen
 * @param goid          the goroutine
 * @param p             the P it ran on (LONG_RUNNING) or was mounted on at last (RUNNABLE_TOO_LONG)
 * @param durationNanos how long it ran without yielding, or how long it waited runnable
 * @param epochMillis   when it was seen (wall clock)
 * @param stack         where a long-running goroutine was running when sysmon looked, innermost frame
 *                      first; empty for a runnable one (it had not run yet) or when stacks were
 *                      rate-limited
 */
public record SchedWarning(Kind kind, long goid, int p, long durationNanos, long epochMillis, List<String> stack) {
    public SchedWarning {
        stack = List.copyOf(stack);
    }

    public enum Kind {
        /** A time slice ran over 10 ms without yielding (sysmon asked for preemption). */
        LONG_RUNNING,
        /** A goroutine waited runnable over 100 ms before an M mounted it (sampled: 1 in 32 wake-ups are timed). */
        RUNNABLE_TOO_LONG
    }
}

package dev.gmp;

import java.util.List;

/**
 * Live goroutines that share a state, a wait reason and a stack, as in Go's goroutine profile
 * (debug=1).
 *
 * @param count      how many Gs are in the group
 * @param state      running, runnable, waiting or syscall
 * @param waitReason why they wait ("sleep", "chan receive", "park", ...), empty when not waiting
 * @param stack      frames, innermost first, as {@link StackTraceElement#toString()}
 * @param goids      the Gs' ids, ascending (at most 100)
 */
public record GoroutineGroup(int count, String state, String waitReason, List<String> stack, List<Long> goids) {
    public GoroutineGroup {
        stack = List.copyOf(stack);
        goids = List.copyOf(goids);
    }
}

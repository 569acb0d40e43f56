package dev.gmp;

/**
 * One live goroutine in the goroutine table (tokio-console's task view). The times are estimates:
 * 1 in 32 of each goroutine's transitions to runnable is timed (as for the latency histograms) and
 * scaled by 16; waiting is the rest of its age.
 *
 * @param goid          the goroutine's id
 * @param state         running, runnable, waiting or syscall
 * @param waitReason    why it waits ("sleep", "chan receive", ...), empty unless waiting
 * @param ageNanos      since it started
 * @param runnableNanos time spent runnable, waiting for an M (estimated)
 * @param runningNanos  time spent running on an M (estimated)
 * @param waitingNanos  the rest of its age: parked, blocked or sleeping (estimated)
 * @param slices        time slices run: times an M mounted it
 * @param wakeups       times it became runnable (its start, every wake-up and every yield)
 * @param topFrame      the innermost frame of application code (not java., jdk., sun. or gmp's own),
 *                      else the innermost frame; empty for a runnable goroutine, whose stack is not taken
 */
public record GoroutineRow(long goid, String state, String waitReason, long ageNanos, long runnableNanos,
                           long runningNanos, long waitingNanos, long slices, long wakeups, String topFrame) {}

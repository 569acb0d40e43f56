package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;

/**
 * The cost of the agent's {@code preempt=on}: CPU-bound loops in application code, several Gs at
 * once, under gmp's agent with {@code preempt=off} (the table's JDK column) and {@code preempt=on}
 * (the gmp column). Both sides are gmp; only the loop back-edges' preemption points differ.
 * Figure: milliseconds until every loop is done.
 */
public final class PreemptLoops extends AbstractWorkload {
    static final int GOROUTINES = 8;

    public PreemptLoops() {
        super(new WorkloadInfo("preempt",
                "CPU-bound loops, 8 Gs, both under the agent (gmp column: preempt=on; JDK column: preempt=off)",
                "ms",
                Goal.report("report: on/off is the cost of preemption points"),
                "8 Gs started with Gmp.go each run an xorshift loop of 50M steps (quick: 2M) in a benchmark class, "
                        + "which the agent instruments; both sides run under -javaagent:agent/target/gmp-agent.jar with "
                        + "dashboard=off and preempt=on (gmp column) or preempt=off (JDK column); figure = ms until all finish"));
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        List<String> options = new ArrayList<>(Scheduler.GMP.jvmOptions(procs));
        options.add(AgentJar.option("dashboard=off,preempt=" + (side == Scheduler.GMP ? "on" : "off")));
        return options;
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        int steps = size.pick(2_000_000, 50_000_000);
        long[] results = new long[GOROUTINES];
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int g = 0; g < GOROUTINES; g++) {
            int index = g;
            // Always gmp: both sides of this row run under the agent.
            threads.add(Scheduler.GMP.start(() -> results[index] = spin(steps, index + 1)));
        }
        for (Thread t : threads) {
            t.join(); // join's happens-before makes results[] visible here
        }
        long elapsed = System.nanoTime() - start;
        for (long r : results) {
            if (r == 0) {
                throw new IllegalStateException("a loop did not finish");
            }
        }
        return elapsed / 1e6;
    }

    /** An xorshift walk from {@code seed}; never 0 for a non-zero seed, so 0 means "did not run". */
    static long spin(int steps, long seed) {
        long x = seed;
        for (int i = 0; i < steps; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}

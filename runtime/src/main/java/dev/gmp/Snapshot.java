package dev.gmp;

import java.util.List;

/**
 * An immutable picture of the scheduler at one moment, taken in O(P + M) without stopping it:
 * each field is read once, so fields may come from slightly different instants.
 *
 * @param uptimeMillis   milliseconds since the scheduler started
 * @param gomaxprocs     the number of live Ps
 * @param runqCapacity   slots in each P's local run queue ({@code -Dgmp.runqSize}, 256 by default)
 * @param procs          the live Ps, by id
 * @param globalRunqueue Gs waiting in the global run queue
 * @param machines       every M ever started
 * @param goroutines     live Gs by state
 * @param totals         monotonic counters since start
 * @param schedLatency   how long a G waited runnable before an M mounted it (ready → run), sampled:
 *                       1 in 32 of each G's transitions to runnable, from a spread start (as Go samples
 *                       its /sched/latencies); empty under -Dgmp.schedStats=off
 * @param slices         how long those sampled time slices ran (mount → park, yield or exit)
 * @param deadlock       Go's deadlock report when every G is asleep, else the empty string
 */
public record Snapshot(long uptimeMillis, int gomaxprocs, int runqCapacity, List<Proc> procs, int globalRunqueue,
                       List<Machine> machines, Goroutines goroutines, Totals totals, Histogram schedLatency,
                       Histogram slices, String deadlock) {

    public Snapshot {
        procs = List.copyOf(procs);
        machines = List.copyOf(machines);
    }

    public enum ProcStatus { IDLE, RUNNING, SYSCALL }

    public enum MachineState { RUNNING, SPINNING, IDLE, SYSCALL }

    /**
     * One P.
     *
     * @param runqueue    Gs in its local ring (runnext not included, as in Go's schedtrace)
     * @param runnext     goid in the runnext slot, or -1
     * @param current     goid running on it, or -1
     * @param m           id of the M holding it, or -1
     * @param schedtick   time slices started on it
     * @param syscalltick syscalls made on it
     * @param stealsIn    Gs it stole from other Ps
     * @param stealsOut   Gs other Ps stole from it
     * @param schedLatency this P's share of {@link Snapshot#schedLatency}: the sampled slices that began on it
     * @param slices       this P's share of {@link Snapshot#slices}
     */
    public record Proc(int id, ProcStatus status, int runqueue, long runnext, long current, long m,
                       long schedtick, long syscalltick, long stealsIn, long stealsOut,
                       Histogram schedLatency, Histogram slices) {}

    /** One M: its state and the id of the P it holds, or -1. */
    public record Machine(long id, MachineState state, int p) {}

    /** Live Gs by state; {@code waiting} is everything live that is not running, runnable or in a syscall. */
    public record Goroutines(long running, long runnable, long waiting, long syscall) {
        public long total() {
            return running + runnable + waiting + syscall;
        }
    }

    /**
     * Counters since start.
     *
     * @param created     Gs started
     * @param finished    Gs that ended
     * @param switches    time slices run (every time an M mounted a G)
     * @param parks       slices that ended with the G blocked (not finished, not a yield), counted as they end
     * @param yields      Gmp.gosched calls from Gs
     * @param steals      Gs moved by work stealing
     * @param syscalls    entersyscall calls
     * @param handoffs    Ps handed to another M because their M blocked
     * @param retakes     Ps sysmon took from Ms in long syscalls
     * @param longRunning Gs sysmon saw run > 10 ms in one time slice
     * @param threadLimitHits times an M was needed beyond {@code -Dgmp.maxThreads}, or its thread could
     *                    not be started, and gmp went without
     * @param timersFired timers the scheduler ran (sleeps, timed parks and waits under the agent,
     *                    Gmp.after and Ticker), from the Ps' timer heaps
     * @param mWakeUps    idle Ms handed a P to run work readied while they idled
     * @param mWakeUpsWhileSpinning those hand-offs that reached the M while it still spun, before it
     *                    parked: no futex wake-up (tokio's worker unparks, split by whether the worker slept)
     */
    public record Totals(long created, long finished, long switches, long parks, long yields, long steals,
                         long syscalls, long handoffs, long retakes, long longRunning, long threadLimitHits,
                         long timersFired, long mWakeUps, long mWakeUpsWhileSpinning) {}

    /**
     * Durations in log-scale buckets, summed over the Ps. Bucket {@code i} holds the samples above
     * the previous bound and up to {@code upperBoundsNanos[i]}; the last bucket, one past the bounds,
     * holds everything longer (Prometheus' {@code le="+Inf"}). Like every counter here, a histogram
     * only grows: the difference of two is the histogram of the time between them.
     *
     * @param upperBoundsNanos the buckets' upper bounds, increasing (powers of two from 1.024 µs)
     * @param counts           samples per bucket, not cumulative; one more than the bounds
     * @param sumNanos         the sum of all samples
     * @param count            the number of samples: the sum of {@code counts}
     */
    public record Histogram(List<Long> upperBoundsNanos, List<Long> counts, long sumNanos, long count) {
        public Histogram {
            upperBoundsNanos = List.copyOf(upperBoundsNanos);
            counts = List.copyOf(counts);
            if (counts.size() != upperBoundsNanos.size() + 1) {
                throw new IllegalArgumentException(counts.size() + " counts for " + upperBoundsNanos.size() + " bounds");
            }
        }

        /** This histogram less an earlier one of the same scheduler: the samples taken in between. */
        public Histogram minus(Histogram earlier) {
            Long[] delta = new Long[counts.size()];
            long n = 0;
            for (int i = 0; i < delta.length; i++) {
                delta[i] = Math.max(0, counts.get(i) - earlier.counts.get(i));
                n += delta[i];
            }
            return new Histogram(upperBoundsNanos, List.of(delta), Math.max(0, sumNanos - earlier.sumNanos), n);
        }

        /**
         * The upper bound of the bucket holding the {@code q}-quantile sample ({@code 0 < q <= 1}): a
         * duration the quantile does not exceed. {@link Long#MAX_VALUE} when it lies beyond the last
         * bound, 0 when there are no samples.
         */
        public long quantileUpperBoundNanos(double q) {
            long rank = (long) Math.ceil(q * count);
            long seen = 0;
            for (int i = 0; i < counts.size(); i++) {
                seen += counts.get(i);
                if (seen >= rank && seen > 0) {
                    return i < upperBoundsNanos.size() ? upperBoundsNanos.get(i) : Long.MAX_VALUE;
                }
            }
            return 0;
        }
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Fairness beside a runnext chain, with one processor: two virtual threads ping-pong through
 * park/unpark ({@link ParkPingPong.Pair}); on gmp, as in Go, each unpark puts the partner in the
 * waker's runnext, where it inherits the time slice, so the pair alone would keep the processor
 * forever. A scheduler is fair when it bounds such a chain (gmp: sysmon preempts a slice after
 * 10 ms, as Go does). Two rows:
 * <ul>
 *   <li>{@linkplain #newcomer() newcomer}: ms from starting a virtual thread on a platform thread,
 *       while the chain runs, to its first statement;</li>
 *   <li>{@linkplain #sleeper() sleeper}: ms a virtual thread's {@code Thread.sleep(5)} takes when it
 *       starts the chain itself just before sleeping, i.e. until the timer's wake-up gets the
 *       processor back.</li>
 * </ul>
 * The JDK's default scheduler keeps the chain on its worker's local queue ahead of work submitted
 * from outside, possibly forever: every measurement is bounded, and one that runs out reports
 * "&gt; bound ms (timed out)", a lower bound.
 */
public final class ChainFairness extends AbstractWorkload {
    private static final long SLEEP_MILLIS = 5;
    /** Round trips the chain makes before the newcomer is started: the pair is past its start-up. */
    private static final long WARM_ROUND_TRIPS = 10_000;
    private static final String CHAIN = "two virtual threads ping-pong through LockSupport.park/unpark (a runnext chain on gmp); ";

    private static final WorkloadInfo NEWCOMER = new WorkloadInfo("fairness-start",
            "a G started from a platform thread beside a park/unpark ping-pong chain, 1 P: ms until it runs",
            "ms",
            Goal.atMost("≤ 20 ms (10 ms slice + sysmon lag)", 20.0),
            CHAIN + "after " + WARM_ROUND_TRIPS + " round trips the main (platform) thread starts a virtual "
                    + "thread and times it to its first statement; same code on both sides; "
                    + "\"> N ms (timed out)\" = not run within the bound",
            GoFigure.twin("fairness", "start", "Go: the pair ping-pongs over unbuffered channels, and the "
                    + "newcomer is started by the main goroutine (Go has no thread outside its Ps)"));

    private static final WorkloadInfo SLEEPER = new WorkloadInfo("fairness-sleep",
            "a G sleeping 5 ms beside a park/unpark ping-pong chain, 1 P: ms until the sleep returns",
            "ms",
            Goal.atMost("≤ 25 ms (5 ms sleep + 10 ms slice + sysmon lag)", 25.0),
            CHAIN + "a virtual thread started from the main thread starts the pair, then times its own "
                    + "Thread.sleep(5); same code on both sides; \"> N ms (timed out)\" = not back within the bound",
            GoFigure.twin("fairness", "sleep", "Go: the pair ping-pongs over unbuffered channels"));

    private final boolean sleeper;

    private ChainFairness(boolean sleeper) {
        super(sleeper ? SLEEPER : NEWCOMER);
        this.sleeper = sleeper;
    }

    /** A virtual thread started from a platform thread beside the chain: ms until it runs. */
    public static ChainFairness newcomer() {
        return new ChainFairness(false);
    }

    /** A virtual thread sleeping 5 ms beside the chain: ms until the sleep returns. */
    public static ChainFairness sleeper() {
        return new ChainFairness(true);
    }

    @Override
    public int procs() {
        return 1;
    }

    /** Cheap where the chain is bounded; where it is not, the first call ends the JVM's run (see WorkloadRunner). */
    @Override
    public int measurements(Size size) {
        return size.pick(1, 5);
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        long bound = boundMillis(size);
        return sleeper ? millisUntilSleepReturns(side, bound) : millisUntilNewcomerRuns(side, bound);
    }

    @Override
    public String render(double value, Size size) {
        if (Double.isInfinite(value)) {
            return String.format(Locale.ROOT, "> %d ms (timed out)", boundMillis(size));
        }
        return super.render(value, size);
    }

    private static long boundMillis(Size size) {
        return size.pick(1_000, 2_000);
    }

    /** Ms until a virtual thread started beside a warm chain runs, or +infinity if not within {@code boundMillis}. */
    public static double millisUntilNewcomerRuns(Scheduler side, long boundMillis) throws InterruptedException {
        ParkPingPong.Pair chain = new ParkPingPong.Pair(Long.MAX_VALUE);
        chain.start(side);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (chain.roundTrips() < WARM_ROUND_TRIPS) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the ping-pong pair made only " + chain.roundTrips() + " round trips in 10 s");
            }
            Thread.sleep(1);
        }
        Newcomer newcomer = Newcomer.start(side);
        double millis = newcomer.millisUntilRun(boundMillis);
        chain.halt(); // lets a starved newcomer run, so the JVM can finish cleanly
        chain.join();
        newcomer.join();
        return millis;
    }

    /**
     * Ms a {@code Thread.sleep(5)} takes in a virtual thread that has just started the chain, or
     * +infinity if it has not returned within {@code boundMillis} of its start.
     */
    public static double millisUntilSleepReturns(Scheduler side, long boundMillis) throws InterruptedException {
        ParkPingPong.Pair chain = new ParkPingPong.Pair(Long.MAX_VALUE);
        CountDownLatch asleep = new CountDownLatch(1), awake = new CountDownLatch(1);
        long[] sleepStartEnd = new long[2]; // each written before a count-down, read after awaiting it
        Thread sleeping = side.start(() -> {
            chain.start(side); // from inside a virtual thread: the pair is runnable before the sleep begins
            sleepStartEnd[0] = System.nanoTime();
            asleep.countDown();
            try {
                Thread.sleep(SLEEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            sleepStartEnd[1] = System.nanoTime();
            awake.countDown();
        });
        if (!asleep.await(10, TimeUnit.SECONDS)) { // the processor is idle until now: this is at once
            throw new IllegalStateException("the sleeping virtual thread did not start within 10 s");
        }
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sleepStartEnd[0]);
        boolean returned = awake.await(Math.max(0, boundMillis - waited), TimeUnit.MILLISECONDS);
        chain.halt(); // lets a starved sleeper return, so the JVM can finish cleanly
        chain.join();
        sleeping.join();
        return returned ? (sleepStartEnd[1] - sleepStartEnd[0]) / 1e6 : Double.POSITIVE_INFINITY;
    }
}

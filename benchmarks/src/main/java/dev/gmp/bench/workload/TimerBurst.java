package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * How late sleeps end under a burst: the main (platform) thread starts 50,000 virtual threads at
 * once, each sleeping a random 0-5 ms ten times. Two cores cannot keep up, so for a while runnable
 * threads queue and every scheduler makes some sleeps late; what differs is who waits. On gmp every
 * thread enters through the global queue, which busy Ps take from only every 61st schedule (as in
 * Go). Until 2026-12-02 a P's due timers could overflow its full ring to that queue's tail, behind
 * the threads not started yet, and a few percent of the sleeps came back hundreds of milliseconds
 * late; now due timers wait in the P's heap, in deadline order, until their Gs fit (PTimers). Two
 * rows from one run: the worst lateness of a sleep (a report: one GC pause moves it), and the share
 * of sleeps over 100 ms late.
 */
public final class TimerBurst extends AgentSideStorm {
    private static final long LATE_NANOS = 100_000_000;

    public TimerBurst() {
        super("timer-burst", List.of(new WorkloadInfo("timer-burst",
                        "50k virtual threads started at once by a platform thread, 10 random sleeps of 0–5 ms each: worst lateness of a sleep",
                        "ms",
                        Goal.report("report: the tail of timer wake-ups under an overload burst"),
                        "the main thread starts 50,000 virtual threads (quick: 5,000), each of which 10 times sleeps a random "
                                + "0-5 ms (Thread.sleep) and measures how long after its deadline it returned; figure = the "
                                + "largest such lateness over all sleeps; one warm-up burst and one measured per JVM; the gmp side "
                                + "runs under -javaagent:gmp-agent.jar=procs=P,dashboard=off, the JDK side without the agent",
                        GoFigure.twin("manycore", "burst-worst", "Go: started by the main goroutine, time.Sleep")),
                new WorkloadInfo("timer-burst-late",
                        "the same burst: sleeps over 100 ms late",
                        "% of sleeps",
                        Goal.atMost("≤ 0.5 % of sleeps (none pushed behind the global queue)", 0.5),
                        "the share of the same run's sleeps that returned more than 100 ms after their deadline",
                        GoFigure.twin("manycore", "burst-late", "Go: the same share"))));
    }

    @Override
    public double[] measureRows(Scheduler side, Size size) throws InterruptedException {
        int threads = size.pick(5_000, 50_000);
        int sleeps = 10;
        AtomicLong worst = new AtomicLong();
        LongAdder late = new LongAdder();
        CountDownLatch done = new CountDownLatch(threads);
        Runnable sleeper = () -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            try {
                for (int i = 0; i < sleeps; i++) {
                    long nanos = random.nextLong(5_000_000);
                    long start = System.nanoTime();
                    Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
                    long lateness = System.nanoTime() - start - nanos;
                    worst.accumulateAndGet(lateness, Math::max);
                    if (lateness > LATE_NANOS) {
                        late.increment();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return; // the latch stays closed: the run fails below
            }
            done.countDown();
        };
        for (int i = 0; i < threads; i++) { // from this platform thread, as a server's acceptor would
            side.start(sleeper);
        }
        done.await();
        return new double[] {worst.get() / 1e6, 100.0 * late.sum() / ((double) threads * sleeps)};
    }
}

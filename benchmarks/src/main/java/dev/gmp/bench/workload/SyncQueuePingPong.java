package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;

/**
 * Two virtual threads echo a value through a pair of {@link SynchronousQueue}s: the JDK's closest
 * thing to an unbuffered channel, run on both schedulers. Figure: nanoseconds per round trip.
 *
 * <p>The queue spins before it parks unless the carrier "has known queued work", which the JDK
 * answers only for its own carriers and the agent answers for gmp's Ms too. So there are two rows:
 * gmp used as a library (no agent: the queue spins in front of the G it woke), and gmp under the
 * agent, as an unmodified application gets it.
 */
public final class SyncQueuePingPong extends AbstractWorkload {
    private final boolean underAgent;

    private SyncQueuePingPong(boolean underAgent) {
        super(underAgent
                ? new WorkloadInfo("pingpong-syncqueue-agent",
                        "unbuffered ping-pong between two Gs, SynchronousQueue, gmp under the agent",
                        "ns/round trip",
                        Goal.ratios("≤ 1.0× JDK", 1.0, Double.NaN),
                        "the pingpong-syncqueue code with the gmp side under -javaagent:agent/target/gmp-agent.jar=dashboard=off, "
                                + "which tells the queue when the M's P holds the woken G (no spin then)",
                        GoFigure.UNBUFFERED_PINGPONG)
                : new WorkloadInfo("pingpong-syncqueue",
                        "unbuffered ping-pong between two Gs, SynchronousQueue (gmp as a library, no agent)",
                        "ns/round trip",
                        Goal.report("report (JDK's unbuffered hand-off on both schedulers; the goal is on the agent row)"),
                        "put/take through two SynchronousQueues; same code on both sides; 200k round trips (quick: 20k)",
                        GoFigure.UNBUFFERED_PINGPONG));
        this.underAgent = underAgent;
    }

    /** gmp used as a library: Gmp.go, no agent. */
    public static SyncQueuePingPong library() {
        return new SyncQueuePingPong(false);
    }

    /** The gmp side under the agent. */
    public static SyncQueuePingPong underAgent() {
        return new SyncQueuePingPong(true);
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        List<String> options = new ArrayList<>(side.jvmOptions(procs));
        if (underAgent && side == Scheduler.GMP) {
            options.add(AgentJar.option("dashboard=off"));
        }
        return options;
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return nanosPerRoundTrip(side, size.pick(20_000, 200_000));
    }

    /** Runs {@code rounds} round trips between two new virtual threads of {@code side}; ns per round trip. */
    public static double nanosPerRoundTrip(Scheduler side, int rounds) throws InterruptedException {
        SynchronousQueue<Integer> there = new SynchronousQueue<>();
        SynchronousQueue<Integer> back = new SynchronousQueue<>();
        Thread echo = side.start(() -> {
            try {
                for (int v; (v = there.take()) >= 0; ) {
                    back.put(v);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long[] elapsed = new long[1];
        Thread pinger = side.start(() -> {
            try {
                long start = System.nanoTime();
                for (int i = 0; i < rounds; i++) {
                    there.put(i);
                    back.take();
                }
                elapsed[0] = System.nanoTime() - start;
                there.put(-1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        pinger.join();
        echo.join();
        return elapsed[0] / (double) rounds;
    }
}

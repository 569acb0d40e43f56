package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.List;
import java.util.concurrent.SynchronousQueue;

/**
 * A platform thread hands items one at a time to a virtual thread through a {@link SynchronousQueue}:
 * an application's own platform thread (a dispatcher, a legacy pool, a JNI callback) feeding
 * goroutines. Every hand-off that finds the consumer parked readies it from outside the Ps, so the
 * row measures how an idle M takes such a G. The gmp side runs under the agent, as an unmodified
 * application would. Figure: nanoseconds per item.
 */
public final class PlatformHandOff extends AbstractWorkload {
    static final int ITEMS = 200_000;

    public PlatformHandOff() {
        super(new WorkloadInfo("handoff-platform-agent",
                "a platform thread hands items to a virtual thread through a SynchronousQueue, gmp under the agent",
                "ns/item",
                Goal.ratios("≤ 1.2× JDK", 1.2, Double.NaN),
                "a platform thread puts " + ITEMS + " Integers (quick: 20,000) into a SynchronousQueue that one "
                        + "virtual thread takes from; figure = wall time from the first put to the last take per item; "
                        + "the gmp side runs under -javaagent:agent/target/gmp-agent.jar=dashboard=off, the JDK side "
                        + "without it. The queue spins briefly on both sides before it parks, so the figure depends on "
                        + "how fast a parked consumer's carrier takes it up again."));
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        return AgentJar.underAgentOnGmpSide(side, procs, "dashboard=off");
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        int items = size.pick(20_000, ITEMS);
        SynchronousQueue<Integer> queue = new SynchronousQueue<>();
        Thread consumer = side.start(() -> {
            try {
                for (int i = 0; i < items; i++) {
                    queue.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long start = System.nanoTime();
        for (int i = 0; i < items; i++) {
            queue.put(i);
        }
        consumer.join();
        return (System.nanoTime() - start) / (double) items;
    }
}

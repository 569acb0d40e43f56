package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A platform thread hands a million tiny tasks to {@link Executors#newVirtualThreadPerTaskExecutor()}
 * with {@code submit}, as a server's acceptor or a batch job does, and waits for all of them; the
 * gmp side runs under the agent, which decides for every new virtual thread whether it is the
 * application's or the JDK's own. That decision once walked the stack for every {@code submit}
 * (the task hid inside the executor's FutureTask) and made this 25 times slower than the JDK; the
 * row keeps it honest. Figure: nanoseconds per task.
 */
public final class SpawnExecutor extends AbstractWorkload {

    public SpawnExecutor() {
        super(new WorkloadInfo("spawn-executor-agent",
                "submit and finish 1M tasks on a virtual-thread-per-task executor, gmp under the agent",
                "ns/task",
                Goal.ratios("≤ 1.0× JDK", 1.0, Double.NaN),
                "the benchmark's main (platform) thread submits each task to Executors.newVirtualThreadPerTaskExecutor() and awaits "
                        + "a CountDownLatch they count down; the gmp side under -javaagent:agent/target/gmp-agent.jar=dashboard=off; "
                        + "same code on both sides, both with -Xms2g -Xmx2g -XX:+AlwaysPreTouch (quick: 20k)",
                new GoFigure("spawn", 1.0, "Go: go statements from main, sync.WaitGroup")));
    }

    /**
     * A heap sized and touched up front on both sides: with the default 1 GiB, growing and faulting in
     * pages for a million short-lived threads made the JDK's own figure range from 240 to 1,200
     * ns/task between JVMs (478-500 with this).
     */
    @Override
    public List<String> jvmOptions() {
        return List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch");
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        return AgentJar.underAgentOnGmpSide(side, procs, "dashboard=off");
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException {
        return nanosPerTask(size.pick(20_000, 1_000_000));
    }

    /**
     * Submits {@code tasks} tasks from the calling thread to a new virtual-thread-per-task executor and
     * waits for them; ns per task. Which scheduler runs them is the JVM's: the agent's gmp or the JDK's.
     */
    public static double nanosPerTask(int tasks) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(tasks);
        Runnable task = done::countDown;
        long start = System.nanoTime();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < tasks; i++) {
                executor.submit(task);
            }
            done.await();
        }
        return (System.nanoTime() - start) / (double) tasks;
    }
}

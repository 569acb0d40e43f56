package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * What {@code -javaagent:gmp-agent.jar} adds to a JVM's start-up and exit: {@link StartUpHello}
 * (one virtual thread, one line) launched as a fresh JVM, in turn without and with the agent.
 * Pairs keep the difference meaningful while the machine's speed drifts. The gmp column is the
 * median added wall time of the pairs (seconds), the JDK column the plain JVM's median wall time,
 * so gmp/JDK says how many plain JVM start-ups the agent costs; the goal is on the added seconds.
 */
public final class AgentStartUp extends AbstractWorkload {
    private static final long TIME_BOUND_SECONDS = 60;

    /** The agent's options, e.g. "dashboard=off". */
    private final String agentOptions;

    private AgentStartUp(boolean dashboard) {
        super(info(dashboard));
        this.agentOptions = agentOptions(dashboard);
    }

    /** The agent's default options: the dashboard on port 7070 (here: 0, any free port, so runs never collide). */
    public static AgentStartUp defaults() {
        return new AgentStartUp(true);
    }

    /** {@code dashboard=off}. */
    public static AgentStartUp dashboardOff() {
        return new AgentStartUp(false);
    }

    private static String agentOptions(boolean dashboard) {
        return dashboard ? "dashboard=0" : "dashboard=off";
    }

    private static WorkloadInfo info(boolean dashboard) {
        double maxAddedSeconds = dashboard ? 0.5 : 0.3;
        return new WorkloadInfo(dashboard ? "agent-startup" : "agent-startup-off",
                "agent start-up" + (dashboard ? "" : ", `dashboard=off`")
                        + " (gmp column: seconds the agent adds; JDK column: a plain JVM's seconds)",
                "s",
                Goal.atMost(String.format(Locale.ROOT, "≤ %.1f s added", maxAddedSeconds), maxAddedSeconds),
                "a fresh `java -cp <benchmarks classes> StartUpHello` (one virtual thread printing a line), launched "
                        + "in turn without and with -javaagent:agent/target/gmp-agent.jar=" + agentOptions(dashboard)
                        + ", wall time from start to exit; 10 pairs per measurement (quick: 2); gmp figure = median of the "
                        + "pairs' differences, JDK figure = median plain run");
    }

    @Override
    public List<String> jvmOptions() {
        return List.of(); // the measuring JVM only launches others
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        return List.of();
    }

    @Override
    public double measure(Scheduler side, Size size) throws IOException, InterruptedException {
        int pairs = size.pick(2, 10);
        String agent = AgentJar.option(agentOptions);
        List<Double> plain = new ArrayList<>();
        List<Double> added = new ArrayList<>();
        for (int i = 0; i < pairs; i++) {
            double withoutAgent = launch(null);
            plain.add(withoutAgent);
            if (side == Scheduler.GMP) {
                added.add(launch(agent) - withoutAgent);
            }
        }
        return Stats.median(side == Scheduler.GMP ? added : plain);
    }

    /** Wall seconds of one StartUpHello JVM, with {@code agentOption} when not null. */
    private static double launch(String agentOption) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (agentOption != null) {
            command.add(agentOption);
        }
        command.addAll(List.of("-cp", classesOf(StartUpHello.class), StartUpHello.class.getName()));
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(TIME_BOUND_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not exit within " + TIME_BOUND_SECONDS + " s");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + process.exitValue());
        }
        return seconds;
    }

    /** The class-path entry (directory or jar) that holds {@code type}: the launched JVM needs nothing else. */
    private static String classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + type.getName(), e);
        }
    }
}

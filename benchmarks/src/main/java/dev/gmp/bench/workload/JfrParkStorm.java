package dev.gmp.bench.workload;

import dev.gmp.Gmp;
import dev.gmp.bench.Scheduler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;

/**
 * What gmp's JFR settings cost where per-park events hurt most: a park storm, {@value #GOROUTINES}
 * goroutines each sleeping 2 ms in a loop (every park past a 1 ms threshold, as in an HTTP endpoint
 * whose virtual threads sleep 2 ms). Both columns run on gmp; they differ only in the recording.
 * <ul>
 *   <li>{@code parkstorm-jfr-cost}: gmp column inside a recording of the JDK's default settings plus
 *       gmp.jfc (what the agent's {@code jfr=} records), JDK column inside one of the JDK's default
 *       settings alone (the JDK's own bar, about 1 %). Figure: ms per 100,000 parks, CPU-bound (the
 *       sleeps overlap), so the ratio is what gmp.jfc adds.</li>
 *   <li>{@code parkstorm-jfr-mb}: the recording's size in MB per minute of the storm, gmp column
 *       with default + gmp.jfc, JDK column with profile + gmp-profile.jfc ({@code jfrSettings=profile}).</li>
 * </ul>
 */
public final class JfrParkStorm extends AbstractWorkload {
    static final int GOROUTINES = 1_000;
    private static final long SLEEP_MILLIS = 2;

    private final boolean fileSize;

    private JfrParkStorm(WorkloadInfo info, boolean fileSize) {
        super(info);
        this.fileSize = fileSize;
    }

    /** What gmp.jfc adds to a recording of the JDK's default settings, both on gmp. */
    public static JfrParkStorm cost() {
        return new JfrParkStorm(new WorkloadInfo("parkstorm-jfr-cost",
                "gmp.jfc's cost on a park storm: gmp recording jfr='s settings (default + gmp.jfc) vs gmp recording the "
                        + "JDK's default settings alone (JDK column: gmp too)",
                "ms/100k parks",
                Goal.ratios("≤ 1 % cost (≤ 1.01× default alone)", 1.01, Double.NaN),
                GOROUTINES + " goroutines (Gmp.go) each sleeping " + SLEEP_MILLIS + " ms in a loop until 400,000 parks "
                        + "(quick: 20,000) are done, both columns on gmp inside a jdk.jfr.Recording: the gmp column with "
                        + "the JDK's 'default' settings plus gmp.jfc, the JDK column with 'default' alone, "
                        + "the two in turn in each JVM (5 pairs after 2 warm-up pairs, 3 JVMs at least); figure = "
                        + "elapsed ms per 100,000 parks"), false);
    }

    /** The size of the recordings: gmp.jfc vs gmp-profile.jfc, in MB per minute. */
    public static JfrParkStorm fileSize() {
        return new JfrParkStorm(new WorkloadInfo("parkstorm-jfr-mb",
                "JFR file size on a park storm: default + gmp.jfc (gmp column) vs profile + gmp-profile.jfc (JDK column)",
                "MB/min",
                Goal.atMost("≤ 5 MB/min with gmp.jfc", 5),
                "the park storm of parkstorm-jfr-cost on gmp for 10 s (quick: 3 s) inside a recording, dumped at the "
                        + "end; figure = file size / storm time in MB per minute, the JDK's own events and the file's "
                        + "fixed metadata included (which overstate a short run); JDK column: gmp's per-event "
                        + "settings, for scale"), true);
    }

    /**
     * The cost row compares two recordings, which one JVM can run in turn: the spread between JVMs
     * (up to 15 %) would drown a 1 % goal. The file-size row compares sizes, not speed.
     */
    @Override
    public boolean bothColumnsInOneJvm() {
        return !fileSize;
    }

    @Override
    public int warmups(Size size) {
        return fileSize ? super.warmups(size) : size.pick(1, 2);
    }

    @Override
    public int measurements(Size size) {
        return fileSize ? super.measurements(size) : size.pick(1, 5);
    }

    @Override
    public int minRounds(Size size) {
        return fileSize ? 1 : size.pick(1, 3);
    }

    @Override
    public List<String> sideJvmOptions(Scheduler side, int procs) {
        return Scheduler.GMP.jvmOptions(procs); // both columns run on gmp
    }

    @Override
    public double measure(Scheduler side, Size size) throws Exception {
        boolean alwaysOn = side == Scheduler.GMP;
        if (!fileSize) {
            long parks = size.pick(20_000, 400_000);
            try (Recording recording = new Recording(alwaysOn ? RecordingSettings.jdkPlusGmp("default", RecordingSettings.GMP)
                    : RecordingSettings.jdk("default"))) {
                recording.start();
                return storm(parks, Long.MAX_VALUE) / 1e6 / (parks / 100_000.0);
            }
        }
        long nanos = size.pick(3, 10) * 1_000_000_000L;
        Path file = Files.createTempFile("gmp-parkstorm-", ".jfr");
        try (Recording recording = new Recording(alwaysOn ? RecordingSettings.jdkPlusGmp("default", RecordingSettings.GMP)
                : RecordingSettings.jdkPlusGmp("profile", RecordingSettings.GMP_PROFILE))) {
            recording.start();
            long elapsed = storm(Long.MAX_VALUE, nanos);
            recording.stop();
            recording.dump(file);
            return Files.size(file) / 1e6 / (elapsed / 60e9);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Runs the storm until {@code parks} sleeps are done or {@code nanos} have passed; returns the elapsed ns. */
    private static long storm(long parks, long nanos) throws InterruptedException {
        AtomicLong left = new AtomicLong(parks);
        long start = System.nanoTime();
        long deadline = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : start + nanos;
        List<Thread> gs = new ArrayList<>(GOROUTINES);
        for (int i = 0; i < GOROUTINES; i++) {
            gs.add(Gmp.go(() -> {
                try {
                    while (left.getAndDecrement() > 0 && System.nanoTime() < deadline) {
                        Thread.sleep(SLEEP_MILLIS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread g : gs) g.join();
        return System.nanoTime() - start;
    }
}

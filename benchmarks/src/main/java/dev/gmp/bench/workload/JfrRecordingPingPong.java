package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.io.IOException;
import java.text.ParseException;
import java.util.Map;
import jdk.jfr.Recording;

/**
 * The {@link ChanPingPong} row again, inside a JFR recording: the cost of leaving JFR on. gmp
 * records with the JDK's default settings plus gmp's always-on {@code gmp.jfc}; the JDK with its
 * default settings. Set beside the Chan row (recording off) it gives JFR's overhead on each side.
 */
public final class JfrRecordingPingPong extends AbstractWorkload {
    /** gmp's always-on settings, shipped in the runtime jar. */
    static final String GMP_SETTINGS = RecordingSettings.GMP;

    public JfrRecordingPingPong() {
        super(new WorkloadInfo("pingpong-chan-jfr",
                "the Chan row with a JFR recording on (gmp: default + gmp.jfc; JDK: default)",
                "ns/round trip",
                Goal.report("report: set beside the Chan row (recording off)"),
                "the pingpong-chan code inside a jdk.jfr.Recording started in the child JVM with the JDK's "
                        + "'default' settings, plus " + GMP_SETTINGS + " on gmp (per-second aggregates of parks and "
                        + "syscalls, throttled handoffs and long-running Gs, per-P samples every second)"));
    }

    @Override
    public double measure(Scheduler side, Size size) throws InterruptedException, IOException, ParseException {
        try (Recording recording = new Recording(settings(side))) {
            recording.start();
            return ChanPingPong.rowFigure(side, size); // closing the recording discards its data
        }
    }

    private static Map<String, String> settings(Scheduler side) throws IOException, ParseException {
        return side == Scheduler.GMP ? RecordingSettings.jdkPlusGmp("default", GMP_SETTINGS) : RecordingSettings.jdk("default");
    }
}

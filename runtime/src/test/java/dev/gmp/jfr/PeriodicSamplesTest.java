package dev.gmp.jfr;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.testsupport.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * gmp's periodic samples reach the first recording a program starts, however long after the
 * scheduler: they register when JFR initialises (JFR is not initialised while nobody records).
 */
class PeriodicSamplesTest {

    /** Runs a goroutine, then records 600 ms with the samples every 100 ms; prints the counts. */
    public static final class FirstRecordingAfterStart {
        public static void main(String[] args) throws Exception {
            Gmp.go(() -> {}).join();
            System.out.println("jfrInitialisedBeforeRecording=" + jdk.jfr.FlightRecorder.isInitialized());
            Path file = Files.createTempFile("gmp-samples-", ".jfr");
            try (Recording recording = new Recording()) {
                recording.enable("gmp.RunQueueSample").withPeriod(Duration.ofMillis(100));
                recording.enable("gmp.SchedulerSample").withPeriod(Duration.ofMillis(100));
                recording.start();
                Thread.sleep(600);
                recording.stop();
                recording.dump(file);
            }
            List<String> names = RecordingFile.readAllEvents(file).stream().map(e -> e.getEventType().getName()).toList();
            System.out.println("runQueueSamples=" + names.stream().filter("gmp.RunQueueSample"::equals).count());
            System.out.println("schedulerSamples=" + names.stream().filter("gmp.SchedulerSample"::equals).count());
            Files.delete(file);
        }
    }

    @Test
    void theFirstRecordingStartedAfterTheSchedulerGetsTheSamples() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(FirstRecordingAfterStart.class,
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED"));
        assertEquals(0, jvm.exitCode(), jvm.output());
        assertEquals("false", jvm.value("jfrInitialisedBeforeRecording"), "running goroutines must not start JFR");
        assertTrue(Long.parseLong(jvm.value("runQueueSamples")) >= 2, jvm.output());
        assertTrue(Long.parseLong(jvm.value("schedulerSamples")) >= 2, jvm.output());
    }
}

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.ForkedJvm.Result;
import dev.gmp.it.apps.VirtualThreadPerTaskApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jfr=FILE records from start-up and leaves a complete file when the application exits. */
class JfrRecordingIT {
    @TempDir
    Path dir;

    @Test
    void theRecordingIsWrittenWholeAtExitAndNamedOnTheStartUpLine() throws Exception {
        Path file = dir.resolve("app.jfr");
        Result r = ForkedJvm.app(VirtualThreadPerTaskApp.class).agent("procs=2,dashboard=off,jfr=" + file).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertTrue(r.gmpLines().contains("gmp: 2 procs, jfr " + file), r::toString);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.ActiveRecording")
                && "gmp".equals(e.getString("name"))), "the recording is gmp's");
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.ThreadStart")),
                "default settings record thread starts");
    }

    @Test
    void aSettingsFileDecidesWhatIsRecorded() throws Exception {
        Path settings = dir.resolve("vthreads.jfc");
        Files.writeString(settings, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="virtual threads only">
                  <event name="jdk.VirtualThreadStart"><setting name="enabled">true</setting></event>
                </configuration>
                """);
        Path file = dir.resolve("vthreads.jfr");
        Result r = ForkedJvm.app(VirtualThreadPerTaskApp.class)
                .agent("dashboard=off,jfr=" + file + ",jfrSettings=" + settings).run();
        assertEquals(0, r.exitCode(), r::toString);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(events.stream().anyMatch(e -> e.getEventType().getName().equals("jdk.VirtualThreadStart")),
                "the settings file enabled virtual-thread starts");
        assertTrue(events.stream().noneMatch(e -> e.getEventType().getName().equals("jdk.ThreadStart")),
                "and nothing else of the default set");
    }
}

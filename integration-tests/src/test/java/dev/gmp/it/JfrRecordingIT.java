package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gmp.it.apps.BlockingIoApp;
import dev.gmp.it.apps.HoggingApp;
import dev.gmp.it.apps.NativeSleepApp;
import dev.gmp.it.apps.StealingApp;
import dev.gmp.it.apps.VirtualThreadPerTaskApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jfr=FILE records from start-up, with gmp's events, and leaves a complete file when the application exits. */
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
        assertTrue(events.stream().anyMatch(e -> named(e, "jdk.ActiveRecording") && "gmp".equals(e.getString("name"))),
                "the recording is gmp's");
        assertTrue(events.stream().anyMatch(e -> named(e, "jdk.ThreadStart")), "the JDK's default set is on");
    }

    @Test
    void aLongNativeCallOfAGoroutineIsRecordedAsSyscallTimeWithItsStack() throws Exception {
        // Up to 3 runs, from when 2 of about 20 CI runs recorded no event of the call: a class load's
        // read had been retaken and the G ran on without a P, whose syscalls were then neither counted
        // nor recorded (SyscallWithoutAPTest; README, Limits).
        List<String> misses = new java.util.ArrayList<>();
        for (int run = 1; run <= 3; run++) {
            Path file = dir.resolve("native-" + run + ".jfr");
            Result r = ForkedJvm.app(NativeSleepApp.class).agent("procs=1,dashboard=off,jfr=" + file + ",jfrSettings=profile")
                    .jvmArgs("--enable-native-access=ALL-UNNAMED").run();
            assertEquals(0, r.exitCode(), r::toString);
            assertTrue(Long.parseLong(r.value("syscalls")) >= 1, () -> "the agent made the native call a syscall: " + r);
            List<RecordedEvent> syscalls = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> named(e, "gmp.Syscall")).toList();
            // One call, but possibly several events: a signal cuts the usleep short and NativeSleep
            // sleeps the rest in a second call.
            Duration fromTheApp = syscalls.stream().filter(e -> calledFrom(e, NativeSleepApp.class.getName()))
                    .map(RecordedEvent::getDuration).reduce(Duration.ZERO, Duration::plus);
            if (fromTheApp.compareTo(Duration.ofMillis(150)) >= 0) {
                return;
            }
            misses.add("run " + run + ": the call's events add up to " + fromTheApp + ", among " + syscalls);
        }
        fail("syscall events of NativeSleepApp's 200 ms call missing in 3 runs:\n" + String.join("\n", misses));
    }

    @Test
    void underTheAgentTheAlwaysOnSettingsThrottleLongRunningSlices() throws Exception {
        // The agent's event classes are bootstrap-loaded, which JFR treats as its own: they are
        // throttled only through their shouldThrottleCommit marker.
        Path file = dir.resolve("hogs.jfr");
        Result r = ForkedJvm.app(HoggingApp.class).agent("procs=2,dashboard=off,jfr=" + file).run();
        assertEquals(0, r.exitCode(), r::toString);
        long seen = Long.parseLong(r.value("longRunning"));
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        long recorded = events.stream().filter(e -> named(e, "gmp.LongRunning")).count();
        Duration length = Duration.between(events.stream().map(RecordedEvent::getStartTime).min(Instant::compareTo).orElseThrow(),
                events.stream().map(RecordedEvent::getEndTime).max(Instant::compareTo).orElseThrow());
        long bound = 5 * (length.toSeconds() + 2); // gmp.jfc: 5/s
        assertTrue(seen > 2 * bound, "the hogs made too few long-running slices to tell: " + seen);
        assertTrue(recorded > 0 && recorded <= bound, recorded + " gmp.LongRunning events in " + length
                + " for " + seen + " long-running slices; bound " + bound);
    }

    @Test
    void profileSettingsRecordEveryGoroutineCreation() throws Exception {
        Path file = dir.resolve("profile.jfr");
        Result r = ForkedJvm.app(VirtualThreadPerTaskApp.class)
                .agent("dashboard=off,jfr=" + file + ",jfrSettings=profile").run();
        assertEquals(0, r.exitCode(), r::toString);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        long creates = events.stream().filter(e -> named(e, "gmp.GoCreate")).count();
        assertTrue(creates >= 42, "one gmp.GoCreate per virtual thread, got " + creates);
    }

    @Test
    void everyStealTheMsMakeIsRecorded() throws Exception {
        // The Ms commit gmp.Steal on carrier threads, right after running goroutines: the case
        // JDK 25's event writer drops without the repair the agent enables (CarrierEventWriter).
        Path file = dir.resolve("steals.jfr");
        Result r = ForkedJvm.app(StealingApp.class).agent("procs=2,dashboard=off,jfr=" + file + ",jfrSettings=profile").run();
        assertEquals(0, r.exitCode(), r::toString);
        long stolen = Long.parseLong(r.value("steals"));
        long recorded = RecordingFile.readAllEvents(file).stream().filter(e -> named(e, "gmp.Steal"))
                .mapToLong(e -> e.getInt("count")).sum();
        assertTrue(stolen > 0, "the workload stole nothing: " + r);
        assertEquals(stolen, recorded, "sum of gmp.Steal counts vs the scheduler's stolen total");
    }

    @Test
    void withASettingsFileFileIoOfGoroutinesShowsAsSyscallEvents() throws Exception {
        Path settings = dir.resolve("syscalls.jfc");
        Files.writeString(settings, """
                <?xml version="1.0" encoding="UTF-8"?>
                <configuration version="2.0" label="every gmp syscall">
                  <event name="gmp.Syscall">
                    <setting name="enabled">true</setting>
                    <setting name="stackTrace">true</setting>
                    <setting name="threshold">0 ms</setting>
                  </event>
                </configuration>
                """);
        Path file = dir.resolve("io.jfr");
        Result r = ForkedJvm.app(BlockingIoApp.class).agent("dashboard=off,jfr=" + file + ",jfrSettings=" + settings).run();
        assertEquals(0, r.exitCode(), r::toString);
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertTrue(events.stream().anyMatch(e -> named(e, "gmp.Syscall") && calledFrom(e, "java.io.FileInputStream")),
                "a FileInputStream read in a goroutine is a gmp.Syscall event");
        assertTrue(events.stream().anyMatch(e -> named(e, "gmp.Syscall") && calledFrom(e, "java.io.FileDescriptor")),
                "so is the Blocker-marked FileDescriptor.sync");
        assertTrue(events.stream().noneMatch(e -> named(e, "jdk.ThreadStart")), "only what the file enables is recorded");
    }

    private static boolean named(RecordedEvent event, String name) {
        return event.getEventType().getName().equals(name);
    }

    private static boolean calledFrom(RecordedEvent event, String className) {
        return event.getStackTrace() != null && event.getStackTrace().getFrames().stream()
                .map(RecordedFrame::getMethod).anyMatch(m -> m.getType().getName().equals(className));
    }
}

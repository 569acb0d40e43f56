package dev.gmp.jfr;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * gmp.jfc, the always-on grade, records a constant number of events per second and per P whatever
 * the load: a storm of goroutines parking for over a millisecond (each park past gmp-profile.jfc's
 * threshold and past the old always-on one) leaves per-second aggregates, not one event per park.
 */
class AlwaysOnRecordingIsBoundedTest {
    private static final int GOROUTINES = 200;

    @Test
    void aParkStormUnderGmpJfcLeavesPerSecondAggregatesNotOneEventPerPark() throws Exception {
        Recorded always = recordParkStorm("gmp.jfc", Duration.ofMillis(2_200));
        int procs = Gmp.gomaxprocs();
        long seconds = 3; // 2.2 s of recording: periodic events at up to 3 period ends, plus chunk ends
        // Per second: one RunQueueSample per P, one SchedulerSample, and the throttled events'
        // budgets (Handoff 20/s, LongRunning 5/s, ThreadLimit 5/s); ProcResize only on a resize.
        long bound = seconds * (procs + 1 + 20 + 5 + 5) + 2 * (procs + 1);
        assertTrue(always.gmpEvents.size() <= bound, () -> always.gmpEvents.size() + " gmp events for "
                + always.parks + " parks, over the bound of " + bound + ": " + always.countsByType());
        assertTrue(always.parks > 10 * bound, "the storm parked too little to tell a bound from a count: " + always.parks);
        assertTrue(always.gmpEvents.stream().noneMatch(e -> e.getEventType().getName().equals("gmp.GoPark")),
                "no per-park events by default");
        long parksInSamples = always.gmpEvents.stream().filter(e -> e.getEventType().getName().equals("gmp.SchedulerSample"))
                .mapToLong(e -> e.getLong("parks")).sum();
        assertTrue(parksInSamples > 0, "the samples count the parks instead: " + always.countsByType());
    }

    @Test
    void theSameStormUnderGmpProfileJfcRecordsEachPark() throws Exception {
        Recorded profile = recordParkStorm("gmp-profile.jfc", Duration.ofMillis(600));
        long parkEvents = profile.gmpEvents.stream().filter(e -> e.getEventType().getName().equals("gmp.GoPark")).count();
        // Each G's park takes over 1 ms, so it and its next slice are one GoPark event; only the
        // parks still open when the recording stops are lost.
        assertTrue(parkEvents >= profile.parks / 2, parkEvents + " GoPark events for " + profile.parks + " parks");
    }

    private record Recorded(List<RecordedEvent> gmpEvents, long parks) {
        String countsByType() {
            return gmpEvents.stream().collect(java.util.stream.Collectors.groupingBy(e -> e.getEventType().getName(),
                    java.util.TreeMap::new, java.util.stream.Collectors.counting())).toString();
        }
    }

    /** Records {@code length} of GOROUTINES goroutines each sleeping 1 ms in a loop, with the named settings. */
    private static Recorded recordParkStorm(String settings, Duration length) throws Exception {
        Gmp.go(() -> {}).join(); // scheduler started and its periodic events registered
        Configuration config;
        try (Reader r = new InputStreamReader(AlwaysOnRecordingIsBoundedTest.class.getResourceAsStream("/dev/gmp/jfr/" + settings),
                StandardCharsets.UTF_8)) {
            config = Configuration.create(r);
        }
        Path file = Files.createTempFile("gmp-bounded-", ".jfr");
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> gs = new ArrayList<>();
        long parksBefore;
        long parksAfter;
        try (Recording recording = new Recording(config)) {
            recording.start();
            parksBefore = Gmp.snapshot().totals().parks();
            for (int i = 0; i < GOROUTINES; i++) {
                gs.add(Gmp.go(() -> {
                    while (!stop.get()) {
                        try {
                            Thread.sleep(1);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }));
            }
            Thread.sleep(length.toMillis());
            stop.set(true);
            for (Thread g : gs) g.join();
            parksAfter = Gmp.snapshot().totals().parks();
            recording.stop();
            recording.dump(file);
        }
        try {
            List<RecordedEvent> gmp = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().startsWith("gmp.")).toList();
            return new Recorded(gmp, parksAfter - parksBefore);
        } finally {
            Files.delete(file);
        }
    }
}

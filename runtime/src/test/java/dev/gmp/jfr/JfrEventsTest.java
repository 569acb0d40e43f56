package dev.gmp.jfr;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.Snapshot;
import dev.gmp.testsupport.NativeSleep;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openjdk.jmc.common.item.IItemCollection;
import org.openjdk.jmc.common.item.IItemIterable;
import org.openjdk.jmc.flightrecorder.JfrLoaderToolkit;
import org.openjdk.jmc.flightrecorder.internal.EventArray;
import org.openjdk.jmc.flightrecorder.internal.FlightRecordingLoader;

/**
 * Records a workload with gmp-profile.jfc (spawn, park/unpark ping-pong, stealing across 2 Ps, a
 * handed-off syscall, a long-running G, GOMAXPROCS changes) and reads the file three ways: the JDK's
 * RecordingFile, JDK Mission Control's parser, and the JDK's {@code jfr} tool.
 */
class JfrEventsTest {
    static final List<String> TYPES = List.of("gmp.GoCreate", "gmp.GoPark", "gmp.GoUnpark", "gmp.Steal",
            "gmp.Syscall", "gmp.Handoff", "gmp.ProcResize", "gmp.LongRunning", "gmp.RunQueueSample",
            "gmp.SchedulerSample");

    static Path file;
    static Snapshot before;
    static Snapshot after;
    static Map<String, List<RecordedEvent>> byType;

    @BeforeAll
    static void record() throws Exception {
        int procs = Gmp.gomaxprocs();
        Gmp.go(() -> {}).join(); // scheduler started and its periodic events registered
        file = Files.createDirectories(Path.of("target")).resolve("gmp-events-test.jfr");
        Configuration profile;
        try (Reader r = new InputStreamReader(JfrEventsTest.class.getResourceAsStream("/dev/gmp/jfr/gmp-profile.jfc"),
                StandardCharsets.UTF_8)) {
            profile = Configuration.create(r);
        }
        try (Recording recording = new Recording(profile)) {
            recording.setToDisk(true);
            recording.start();
            quiesce();
            before = Gmp.snapshot();
            workload();
            quiesce();
            after = Gmp.snapshot();
            recording.stop();
            recording.dump(file);
        } finally {
            Gmp.gomaxprocs(procs);
        }
        byType = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().startsWith("gmp."))
                .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
    }

    private static void workload() throws Exception {
        Gmp.gomaxprocs(1);
        Gmp.gomaxprocs(2);
        // Stealing: one spawner fills its P; the other P must steal.
        int n = 5_000;
        CountDownLatch spawned = new CountDownLatch(n);
        Gmp.go(() -> {
            for (int i = 0; i < n; i++) {
                Gmp.go(() -> {
                    long x = 0;
                    for (int k = 0; k < 5_000; k++) x += k;
                    if (x == 1) System.out.print("");
                    spawned.countDown();
                });
            }
        });
        assertTrue(spawned.await(30, TimeUnit.SECONDS));
        // Park/unpark ping-pong: parks, and unparks into the waker's runnext.
        pingPong(2_000);
        // A syscall that outlasts a sysmon tick while another G wants the only P: handoff; the
        // CPU-bound G also runs > 10 ms in one slice: long-running.
        Gmp.gomaxprocs(1);
        AtomicBoolean stop = new AtomicBoolean();
        Thread spinner = Gmp.go(() -> {
            while (!stop.get()) Gmp.checkPreempt();
        });
        Thread caller = Gmp.go(() -> {
            try {
                Gmp.syscall(() -> {
                    NativeSleep.usleep(50_000);
                    return null;
                });
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertTrue(caller.join(Duration.ofSeconds(30)));
        Thread.sleep(30); // let the spinner run a whole slice past 10 ms
        stop.set(true);
        assertTrue(spinner.join(Duration.ofSeconds(30)));
        Gmp.gomaxprocs(2);
        Thread.sleep(300); // several 100 ms samples
    }

    private static void pingPong(int rounds) throws Exception {
        AtomicInteger turn = new AtomicInteger();
        Thread[] pair = new Thread[2];
        CountDownLatch go = new CountDownLatch(1);
        for (int side = 0; side < 2; side++) {
            int me = side;
            pair[side] = Gmp.go(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    while (turn.get() % 2 != me) LockSupport.park(turn);
                    turn.incrementAndGet();
                    LockSupport.unpark(pair[1 - me]);
                }
            });
        }
        go.countDown();
        for (Thread t : pair) assertTrue(t.join(Duration.ofSeconds(30)));
    }

    /** Waits until no G runs and every M is idle, so counters and events cover the same work. */
    private static void quiesce() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Snapshot s = Gmp.snapshot();
            boolean idle = s.machines().stream().allMatch(m -> m.state() == Snapshot.MachineState.IDLE)
                    && s.goroutines().running() == 0 && s.goroutines().runnable() == 0;
            if (idle) return;
            Thread.sleep(5);
        }
    }

    private static List<RecordedEvent> events(String type) {
        return byType.getOrDefault(type, List.of());
    }

    @Test
    void everyEventTypeAppearsWithSaneFields() {
        for (String type : TYPES) {
            assertFalse(events(type).isEmpty(), "no " + type + " events; got " + byType.keySet());
        }
        for (RecordedEvent e : events("gmp.GoCreate")) assertTrue(e.getLong("goid") > 0);
        assertTrue(events("gmp.GoPark").stream().allMatch(e -> e.getLong("goid") > 0
                && !e.getString("waitReason").isEmpty() && e.getDuration().toNanos() >= 0 && e.getInt("p") >= 0));
        assertTrue(events("gmp.GoUnpark").stream().anyMatch(e -> "runnext".equals(e.getString("queue"))
                && e.getLong("wakerGoid") > 0 && e.getInt("p") >= 0), "no G-to-G wake into runnext");
        assertTrue(events("gmp.Syscall").stream().anyMatch(e -> e.getBoolean("handedOff")
                && e.getDuration().toMillis() >= 40), "no handed-off 50 ms syscall");
        assertTrue(events("gmp.Handoff").stream().anyMatch(e -> HandoffEvent.SYSCALL_RETAKE.equals(e.getString("reason"))));
        assertTrue(events("gmp.LongRunning").stream().anyMatch(e -> e.getDuration("runningTime").toMillis() >= 10
                && e.getString("goroutineStack").contains(JfrEventsTest.class.getName())));
        assertTrue(events("gmp.ProcResize").stream().anyMatch(e -> e.getInt("newProcs") == 1));
        for (RecordedEvent e : events("gmp.RunQueueSample")) {
            assertTrue(e.getInt("p") >= 0 && e.getInt("localQueueLength") >= 0 && e.getInt("localQueueLength") <= 256);
            assertTrue(Set.of("idle", "running", "syscall").contains(e.getString("status")), e.getString("status"));
        }
        for (RecordedEvent e : events("gmp.SchedulerSample")) {
            assertTrue(e.getInt("gomaxprocs") >= 1 && e.getInt("threads") >= e.getInt("idleThreads"));
        }
    }

    @Test
    void eventCountsAgreeWithTheRuntimesCounters() throws Exception {
        assertTrue(RecordingFile.readAllEvents(file).stream().noneMatch(e -> e.getEventType().getName().equals("jdk.DataLoss")),
                "JFR lost data: counts cannot be compared");
        Snapshot.Totals b = before.totals(), a = after.totals();
        assertEquals(a.created() - b.created(), events("gmp.GoCreate").size(), "GoCreate vs created");
        // Exact, because CarrierEventWriter repairs the writer an M shares with its goroutines.
        long stolen = a.steals() - b.steals();
        long recorded = events("gmp.Steal").stream().mapToLong(e -> e.getInt("count")).sum();
        assertEquals(stolen, recorded, "sum of Steal counts vs stolen total");
        assertEquals(a.syscalls() - b.syscalls(), events("gmp.Syscall").size(), "Syscall vs syscalls");
        assertEquals(a.longRunning() - b.longRunning(), events("gmp.LongRunning").size(), "LongRunning vs detections");
        assertEquals(a.retakes() - b.retakes(), events("gmp.Handoff").stream()
                .filter(e -> HandoffEvent.SYSCALL_RETAKE.equals(e.getString("reason"))).count(), "retake handoffs vs retakes");
    }

    @Test
    void jdkMissionControlsParserReadsTheTypesLabelsAndCategories() throws Exception {
        IItemCollection items = JfrLoaderToolkit.loadEvents(file.toFile());
        Map<String, String> labels = new HashMap<>();
        for (IItemIterable it : items) {
            if (it.getType().getIdentifier().startsWith("gmp.") && it.getItemCount() > 0) {
                labels.put(it.getType().getIdentifier(), it.getType().getName());
            }
        }
        assertEquals(Set.copyOf(TYPES), labels.keySet());
        assertEquals("Work Steal", labels.get("gmp.Steal"));
        assertEquals("Goroutine Park", labels.get("gmp.GoPark"));
        assertEquals("Run Queue Sample", labels.get("gmp.RunQueueSample"));

        Map<String, List<String>> categories = new HashMap<>();
        try (var in = Files.newInputStream(file)) {
            for (EventArray array : FlightRecordingLoader.loadStream(in, false, false).getArrays()) {
                String id = array.getType().getIdentifier();
                if (id.startsWith("gmp.")) categories.put(id, List.of(array.getTypeCategory()));
            }
        }
        for (String type : TYPES) {
            assertEquals("Go Scheduler", categories.get(type).get(0), type + " " + categories.get(type));
        }
        assertEquals(List.of("Go Scheduler", "Work Stealing"), categories.get("gmp.Steal"));
        // Overlapping duration events must not share a lane (category) in JMC's thread view.
        assertNotEquals(categories.get("gmp.GoPark"), categories.get("gmp.Syscall"));
        assertTrue(categories.keySet().containsAll(TYPES), categories.keySet().toString());
        assertEquals(categories.size(), categories.values().stream().distinct().count(), "each event type has its own lane: " + categories);
    }

    @Test
    void theJdksJfrToolPrintsTheSteals() throws Exception {
        Path jfr = Path.of(System.getProperty("java.home"), "bin", "jfr");
        Process p = new ProcessBuilder(jfr.toString(), "print", "--events", "gmp.Steal", file.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("gmp.Steal {"), out.substring(0, Math.min(out.length(), 2000)));
        assertTrue(out.contains("thiefP = ") && out.contains("victimP = ") && out.contains("count = "), out.substring(0, Math.min(out.length(), 2000)));
    }
}

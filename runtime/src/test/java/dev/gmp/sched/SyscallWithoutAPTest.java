package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A G whose syscall lost its P and whose yield could not unmount it (a class initializer below it,
 * as in class loading) runs on without a P. Its next blocking calls are still its syscalls: counted,
 * and recorded with P -1. They were neither, so a recording lost a 200 ms native call made after a
 * class load's read had been retaken.
 */
class SyscallWithoutAPTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private static final AtomicBoolean stop = new AtomicBoolean();
    private static final AtomicReference<String> outcome = new AtomicReference<>();

    /** Initializing this class is the pinned context: the G cannot unmount while its clinit runs. */
    static final class PinnedCaller {
        static {
            outcome.set(callAfterLosingTheP());
        }

        static void touch() {}
    }

    @Test
    void aGoroutineRunningWithoutAPStillCountsAndRecordsItsSyscalls() throws Exception {
        Gmp.gomaxprocs(1);
        Path file = Files.createTempFile("syscall-without-p", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("gmp.Syscall").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();
            Thread busy = Gmp.go(() -> { // work for the P, so sysmon retakes it from the syscall
                while (!stop.get()) {
                    Thread.yield();
                }
            });
            Thread caller = Gmp.go(PinnedCaller::touch);
            try {
                assertTrue(caller.join(Duration.ofSeconds(30)), "the caller never finished");
            } finally {
                stop.set(true);
            }
            assertTrue(busy.join(Duration.ofSeconds(30)));
            recording.stop();
            recording.dump(file);
        }
        assertNull(outcome.get(), outcome.get());
        List<RecordedEvent> withoutP = RecordingFile.readAllEvents(file).stream()
                .filter(e -> e.getEventType().getName().equals("gmp.Syscall") && e.getInt("p") == -1).toList();
        assertEquals(1, withoutP.size(), "the syscall made without a P, recorded with P -1");
        assertTrue(withoutP.get(0).getDuration().toMillis() >= 5, withoutP.get(0).toString());
        Files.deleteIfExists(file);
    }

    /** Runs in PinnedCaller's initializer on a G; null when the scenario ran as intended, else what went wrong. */
    private static String callAfterLosingTheP() {
        Sched sched = Sched.get();
        long retakes = sched.retakes.sum();
        Gmp.entersyscall();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sched.retakes.sum() == retakes) { // until sysmon hands the P to the busy G's M
            if (System.nanoTime() > deadline) {
                Gmp.exitsyscall();
                return "sysmon never retook the P";
            }
            Thread.onSpinWait();
        }
        Gmp.exitsyscall(); // no idle P, and the yield cannot unmount: on without one
        M m = Sched.currentM();
        assertNotNull(m);
        if (m.p != null) {
            return "the G got a P back: the scenario did not happen";
        }
        long syscalls = sched.syscalls.sum();
        Gmp.entersyscall();
        long until = System.nanoTime() + 5_000_000;
        while (System.nanoTime() < until) {
            Thread.onSpinWait(); // "blocked" 5 ms
        }
        Gmp.exitsyscall();
        return sched.syscalls.sum() == syscalls + 1 ? null : "the syscall made without a P was not counted";
    }
}

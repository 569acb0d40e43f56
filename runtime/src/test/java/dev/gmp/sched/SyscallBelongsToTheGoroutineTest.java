package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * A G that unmounts inside a bracketed call (it parks in there, as a blocking call the JDK can
 * yield from does) and resumes on any M still closes its syscall there: the bracket is balanced,
 * and its gmp.Syscall event is committed.
 */
class SyscallBelongsToTheGoroutineTest {

    @Test
    void aGoroutineThatParksInsideASyscallClosesItWhereItResumes() throws Exception {
        Path file = Files.createTempFile("gmp-syscall-", ".jfr");
        long goid;
        G[] self = new G[1];
        int[] depthAfter = new int[1];
        try (Recording recording = new Recording()) {
            recording.enable("gmp.Syscall").withThreshold(Duration.ZERO);
            recording.start();
            Thread g = Gmp.go(() -> {
                self[0] = Sched.get().currentG();
                Gmp.entersyscall();
                LockSupport.parkNanos(20_000_000); // unmounts: its M takes the P back and runs others
                Gmp.exitsyscall(); // perhaps on another M
                depthAfter[0] = self[0].syscallDepth;
            });
            assertTrue(g.join(Duration.ofSeconds(10)));
            goid = self[0].goid;
            recording.stop();
            recording.dump(file);
        }
        try {
            assertEquals(0, depthAfter[0], "the bracket is balanced on the G");
            List<RecordedEvent> mine = RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals("gmp.Syscall") && e.getLong("goid") == goid)
                    .toList();
            assertEquals(1, mine.size(), "one gmp.Syscall event for the one bracketed call: " + mine);
            assertTrue(mine.getFirst().getDuration().toMillis() >= 15, mine.getFirst().toString());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void afterItTheSameGoroutinesNextSyscallIsHandedOffAsUsual() throws Exception {
        long handoffsBefore = Gmp.snapshot().totals().handoffs() + Gmp.snapshot().totals().retakes();
        Thread g = Gmp.go(() -> {
            Gmp.entersyscall();
            LockSupport.parkNanos(5_000_000);
            Gmp.exitsyscall();
            Gmp.entersyscall();
            long until = System.nanoTime() + 50_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait(); // 50 ms "in native code": sysmon retakes the P
            }
            Gmp.exitsyscall();
        });
        assertTrue(g.join(Duration.ofSeconds(10)));
        long after = Gmp.snapshot().totals().handoffs() + Gmp.snapshot().totals().retakes();
        assertTrue(after > handoffsBefore, "the second call's P was never retaken");
    }
}

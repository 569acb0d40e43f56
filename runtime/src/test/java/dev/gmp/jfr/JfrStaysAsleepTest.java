package dev.gmp.jfr;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.WaitGroup;
import dev.gmp.testsupport.ForkedJvm;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * An application that records nothing never pays for JFR: every place gmp emits an event (create,
 * park, unpark, syscall, handoff, steal, GOMAXPROCS change) runs without initialising JFR's metadata,
 * which costs 100–300 ms of start-up on 2 cores.
 */
class JfrStaysAsleepTest {

    /** Drives every emitting path of the scheduler, then prints done. */
    public static final class BusyWithoutRecording {
        public static void main(String[] args) throws Exception {
            Gmp.gomaxprocs(2);
            Chan<Integer> ping = Chan.make();
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 64; i++) {
                wg.add(1);
                int n = i;
                Gmp.go(() -> {
                    try {
                        if (n % 2 == 0) {
                            ping.send(n); // parks until a receiver comes: park and unpark events
                        } else {
                            ping.recv();
                        }
                        Gmp.syscall(() -> {
                            LockSupport.parkNanos(Duration.ofMillis(2).toNanos()); // long enough for a retake
                            return null;
                        });
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    } finally {
                        wg.done();
                    }
                });
            }
            wg.await();
            Gmp.gomaxprocs(1);
            Gmp.gomaxprocs(2);
            Gmp.after(Duration.ofMillis(1)).recv();
            System.out.println("done=true");
        }
    }

    @Test
    void emittingPathsLeaveJfrUninitialisedWhileNobodyRecords() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(BusyWithoutRecording.class,
                List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xlog:class+load=info:stdout"));
        assertEquals(0, jvm.exitCode(), jvm.output());
        assertEquals("true", jvm.value("done"), jvm.output());
        // Watching the recorder loads a handful of JFR classes; the metadata repository is the costly part.
        List<String> metadata = jvm.stdout().stream().filter(line -> line.contains(" jdk.jfr.internal.MetadataRepository ")).toList();
        assertEquals(List.of(), metadata, "JFR's metadata was initialised although nothing records");
    }
}

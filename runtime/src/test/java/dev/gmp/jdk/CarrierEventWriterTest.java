package dev.gmp.jdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import jdk.jfr.Event;
import jdk.jfr.Name;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;

/**
 * Without gmp's scheduler: one platform carrier runs virtual threads from a queue, the way an M
 * does, and commits an event of its own after each run. On JDK 25 the carrier's event right after
 * a virtual thread's is dropped unless {@link CarrierEventWriter#prepareCommit()} runs first (without
 * it this test records a handful of the carrier's ~2,000 events).
 */
class CarrierEventWriterTest {
    @Name("gmp.test.GoroutineEvent")
    static class GoroutineEvent extends Event {}

    @Name("gmp.test.CarrierEvent")
    static class CarrierEvent extends Event {}

    @Test
    void theWriterIsReachableInTheTestJvm() {
        assertTrue(CarrierEventWriter.available(), "surefire opens jdk.jfr/jdk.jfr.internal.event to gmp");
    }

    @Test
    void everyEventACarrierCommitsAfterAVirtualThreadsReachesTheRecording() throws Exception {
        LinkedBlockingQueue<Runnable> runQueue = new LinkedBlockingQueue<>();
        AtomicLong carrierCommits = new AtomicLong(), goroutineCommits = new AtomicLong();
        Thread carrier = new Thread(() -> {
            try {
                while (true) {
                    runQueue.take().run();
                    CarrierEvent e = new CarrierEvent();
                    if (e.isEnabled()) {
                        CarrierEventWriter.prepareCommit();
                        e.commit();
                        carrierCommits.incrementAndGet();
                    }
                }
            } catch (InterruptedException stop) {
                // test over
            }
        }, "test-carrier");
        carrier.setDaemon(true);
        carrier.start();

        Path file = Files.createDirectories(Path.of("target")).resolve("carrier-event-writer-test.jfr");
        try (Recording recording = new Recording()) {
            recording.enable(GoroutineEvent.class);
            recording.enable(CarrierEvent.class);
            recording.start();
            int n = 100;
            Thread[] threads = new Thread[n];
            CountDownLatch done = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                int me = i;
                threads[i] = VirtualThreads.newThread(runQueue::add, () -> {
                    for (int k = 0; k < 40; k++) {
                        new GoroutineEvent().commit();
                        goroutineCommits.incrementAndGet();
                        if (k % 2 == 0) {
                            Thread.yield();
                        } else {
                            LockSupport.unpark(threads[(me + 1) % n]);
                            LockSupport.parkNanos(10_000);
                        }
                    }
                    done.countDown();
                });
            }
            for (Thread t : threads) t.start();
            assertTrue(done.await(60, TimeUnit.SECONDS));
            // The carrier commits after the last run returns: wait until it idles in take().
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (carrier.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.sleep(1);
            recording.stop();
            recording.dump(file);
        } finally {
            carrier.interrupt();
        }
        long carrierRecorded = 0, goroutineRecorded = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            String name = e.getEventType().getName();
            if (name.equals("gmp.test.CarrierEvent")) carrierRecorded++;
            if (name.equals("gmp.test.GoroutineEvent")) goroutineRecorded++;
        }
        assertEquals(goroutineCommits.get(), goroutineRecorded, "virtual threads' events");
        assertEquals(carrierCommits.get(), carrierRecorded, "carrier's events");
    }
}

package dev.gmp.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StreamClientTest {

    @Test
    void aClientThatKeepsUpGetsEveryFrameInOrder() {
        FakeSession fake = new FakeSession();
        fake.completeAtOnce = true;
        StreamClient client = new StreamClient(fake.session, c -> {});
        client.offer("1");
        client.offer("2");
        client.offer("3");
        assertEquals(List.of("1", "2", "3"), fake.written);
        assertEquals(3, client.sent());
        assertEquals(0, client.dropped());
    }

    @Test
    void aSlowClientHasOneFrameInFlightAndOnlyTheNewestWaiting() {
        FakeSession fake = new FakeSession();
        StreamClient client = new StreamClient(fake.session, c -> {});
        for (int i = 1; i <= 100; i++) {
            client.offer("frame " + i);
        }
        assertEquals(1, fake.inFlight.size(), "only the first frame is being written");
        assertEquals(98, client.dropped(), "frames 2..99 were replaced by newer ones");

        assertTrue(fake.completeOne());
        assertEquals(List.of("frame 1"), fake.written);
        assertEquals(1, fake.inFlight.size(), "the newest frame follows as soon as the write completes");
        assertTrue(fake.completeOne());
        assertEquals(List.of("frame 1", "frame 100"), fake.written);
        assertFalse(fake.completeOne(), "nothing else is waiting");
        assertEquals(2, client.sent());
    }

    @Test
    void aFailedWriteReportsTheClientAndStopsWritingToIt() {
        FakeSession fake = new FakeSession();
        AtomicInteger reported = new AtomicInteger();
        StreamClient client = new StreamClient(fake.session, c -> reported.incrementAndGet());
        client.offer("a");
        fake.failOne();
        assertEquals(1, reported.get());
        client.offer("b");
        client.offer("c");
        assertTrue(fake.inFlight.isEmpty(), "no write goes to a broken session");
        assertEquals(1, reported.get());
    }

    @Test
    void concurrentOffersAndCompletionsNeverPutTwoWritesInFlightAndLoseNoFinalFrame() throws InterruptedException {
        for (int round = 0; round < 50; round++) {
            FakeSession fake = new FakeSession();
            StreamClient client = new StreamClient(fake.session, c -> {});
            CountDownLatch go = new CountDownLatch(1);
            Thread offerer = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                for (int i = 0; i < 2_000; i++) client.offer("frame " + i);
            });
            Thread completer = Thread.ofPlatform().start(() -> {
                awaitQuietly(go);
                while (offerer.isAlive()) {
                    if (!fake.completeOne()) Thread.onSpinWait();
                }
            });
            go.countDown();
            offerer.join(Duration.ofSeconds(20));
            completer.join(Duration.ofSeconds(20));
            while (fake.completeOne()) {
                // drain: every completion may start the next (last) write
            }
            assertEquals(1, fake.mostWritesInFlight.get(), "round " + round);
            assertEquals("frame 1999", fake.written.getLast(), "round " + round + ": the newest frame must arrive");
            assertEquals(2_000, client.sent() + client.dropped(), "round " + round + ": every frame is sent or dropped");
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

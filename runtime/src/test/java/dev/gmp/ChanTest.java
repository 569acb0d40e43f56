package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's channel semantics, one behaviour per test. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChanTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @Test
    void unbufferedSendWaitsForItsReceiver() throws Exception {
        Chan<String> ch = Chan.make();
        AtomicInteger phase = new AtomicInteger();
        Goroutines gs = new Goroutines();
        gs.go(() -> {
            ch.send("hello");
            phase.set(1);
        });
        gs.awaitParked();
        assertEquals(0, phase.get(), "the send completed with no receiver");
        assertEquals("hello", ch.recv());
        gs.joinAll(LIMIT);
        assertEquals(1, phase.get());
    }

    @Test
    void bufferedChannelIsFifoUpToItsCapacityThenBlocks() throws Exception {
        Chan<Integer> ch = Chan.make(3);
        assertEquals(3, ch.cap());
        ch.send(1);
        ch.send(2);
        ch.send(3);
        assertEquals(3, ch.len());
        assertFalse(ch.trySend(4), "a full buffer must not take more");
        assertEquals(1, ch.recv());
        assertTrue(ch.trySend(4));
        assertEquals(List.of(2, 3, 4), List.of(ch.recv(), ch.recv(), ch.recv()));
        assertEquals(0, ch.len());
    }

    @Test
    void blockedSendersOfAFullBufferKeepFifoOrder() throws Exception {
        Chan<Integer> ch = Chan.make(2);
        ch.send(0);
        ch.send(1);
        Goroutines gs = new Goroutines();
        for (int i = 2; i < 6; i++) {
            int value = i;
            gs.go(() -> ch.send(value));
            gs.awaitParked(); // each sender queues behind the previous one
        }
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            got.add(ch.recv());
        }
        gs.joinAll(LIMIT);
        assertEquals(List.of(0, 1, 2, 3, 4, 5), got);
    }

    @Test
    void blockedReceiversAreServedInArrivalOrder() throws Exception {
        Chan<Integer> ch = Chan.make();
        int[] got = new int[5];
        Goroutines gs = new Goroutines();
        for (int i = 0; i < got.length; i++) {
            int receiver = i;
            gs.go(() -> got[receiver] = ch.recv());
            gs.awaitParked(); // each receiver queues behind the previous one
        }
        for (int i = 0; i < got.length; i++) {
            ch.send(i);
        }
        gs.joinAll(LIMIT);
        assertEquals(List.of(0, 1, 2, 3, 4), java.util.Arrays.stream(got).boxed().toList());
    }

    @Test
    void unbufferedChannelReportsZeroCapacityAndLength() {
        Chan<Integer> ch = Chan.make();
        assertEquals(0, ch.cap());
        assertEquals(0, ch.len());
    }

    @Test
    void negativeCapacityIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Chan.make(-1));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void nullElementsAreRejectedWithAClearMessage() {
        Chan<String> ch = Chan.make(1);
        NullPointerException e = assertThrows(NullPointerException.class, () -> ch.send(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
        assertThrows(NullPointerException.class, () -> ch.trySend(null));
        assertEquals(0, ch.len());
    }

    @Test
    void tryOperationsNeverBlock() {
        Chan<String> unbuffered = Chan.make();
        assertFalse(unbuffered.trySend("x"), "no receiver waits");
        assertEquals(Optional.empty(), unbuffered.tryRecv());
        Chan<String> buffered = Chan.make(1);
        assertTrue(buffered.trySend("x"));
        assertEquals(Optional.of(Received.of("x")), buffered.tryRecv());
        assertEquals(Optional.empty(), buffered.tryRecv());
    }

    @Test
    void trySendHandsOffToAWaitingReceiver() throws Exception {
        Chan<String> ch = Chan.make();
        AtomicReference<String> got = new AtomicReference<>();
        Goroutines gs = new Goroutines();
        gs.go(() -> got.set(ch.recv()));
        gs.awaitParked();
        assertTrue(ch.trySend("direct"));
        gs.joinAll(LIMIT);
        assertEquals("direct", got.get());
    }

    @Test
    void tryRecvTakesFromAWaitingSender() throws Exception {
        Chan<String> ch = Chan.make();
        Goroutines gs = new Goroutines();
        gs.go(() -> ch.send("waiting"));
        gs.awaitParked();
        assertEquals(Optional.of(Received.of("waiting")), ch.tryRecv());
        gs.joinAll(LIMIT);
    }

    @Test
    void receiveFromClosedChannelDrainsTheBufferThenReturnsNull() {
        Chan<Integer> ch = Chan.make(2);
        ch.send(1);
        ch.send(2);
        ch.close();
        assertEquals(Received.of(1), ch.recvOk());
        assertEquals(2, ch.recv());
        assertNull(ch.recv());
        assertEquals(Received.closed(), ch.recvOk());
        assertEquals(Optional.of(Received.closed()), ch.tryRecv());
    }

    @Test
    void sendOnClosedChannelThrows() {
        Chan<Integer> ch = Chan.make(1);
        ch.close();
        ChanClosedException e = assertThrows(ChanClosedException.class, () -> ch.send(1));
        assertEquals("send on closed channel", e.getMessage());
        assertThrows(ChanClosedException.class, () -> ch.trySend(1));
    }

    @Test
    void closingTwiceThrows() {
        Chan<Integer> ch = Chan.make();
        ch.close();
        ChanClosedException e = assertThrows(ChanClosedException.class, ch::close);
        assertEquals("close of closed channel", e.getMessage());
    }

    @Test
    void closeWakesEveryBlockedReceiverWithNoValue() throws Exception {
        Chan<Integer> ch = Chan.make();
        AtomicInteger closedSeen = new AtomicInteger();
        Goroutines gs = new Goroutines();
        for (int i = 0; i < 20; i++) {
            gs.go(() -> {
                if (!ch.recvOk().ok()) {
                    closedSeen.incrementAndGet();
                }
            });
        }
        gs.awaitParked();
        ch.close();
        gs.joinAll(LIMIT);
        assertEquals(20, closedSeen.get());
    }

    @Test
    void closeMakesEveryBlockedSenderThrow() throws Exception {
        Chan<Integer> ch = Chan.make();
        AtomicInteger threw = new AtomicInteger();
        Goroutines gs = new Goroutines();
        for (int i = 0; i < 20; i++) {
            int value = i;
            gs.go(() -> {
                try {
                    ch.send(value);
                } catch (ChanClosedException e) {
                    threw.incrementAndGet();
                }
            });
        }
        gs.awaitParked();
        ch.close();
        gs.joinAll(LIMIT);
        assertEquals(20, threw.get());
    }

    @Test
    void rangeOverAChannelEndsWhenItIsClosed() throws Exception {
        Chan<Integer> ch = Chan.make();
        Goroutines gs = new Goroutines();
        gs.go(() -> {
            for (int i = 0; i < 100; i++) {
                ch.send(i);
            }
            ch.close();
        });
        List<Integer> got = new ArrayList<>();
        for (Integer v : ch) {
            got.add(v);
        }
        gs.joinAll(LIMIT);
        assertEquals(100, got.size());
        for (int i = 0; i < 100; i++) {
            assertEquals(i, got.get(i));
        }
    }

    @Test
    void platformAndPlainVirtualThreadsTalkToGoroutines() throws Exception {
        Chan<Integer> toG = Chan.make();
        Chan<Integer> fromG = Chan.make();
        Goroutines gs = new Goroutines();
        gs.go(() -> {
            for (int i = 0; i < 1000; i++) {
                fromG.send(toG.recv() + 1);
            }
        });
        AtomicInteger sum = new AtomicInteger();
        Thread virtual = Thread.ofVirtual().start(() -> { // the JDK's own scheduler, not gmp
            for (int i = 0; i < 500; i++) {
                toG.send(i);
                sum.addAndGet(fromG.recv());
            }
        });
        for (int i = 0; i < 500; i++) { // this platform thread
            toG.send(i);
            sum.addAndGet(fromG.recv());
        }
        virtual.join(LIMIT);
        assertFalse(virtual.isAlive());
        gs.joinAll(LIMIT);
        assertEquals(2 * (499 * 500 / 2 + 500), sum.get());
    }

    @Test
    void aBlockedReceiveIsNotInterruptibleButKeepsTheInterrupt() throws Exception {
        Chan<String> ch = Chan.make();
        AtomicReference<String> got = new AtomicReference<>();
        CountDownLatch interruptedAfter = new CountDownLatch(1);
        Thread receiver = Gmp.go(() -> {
            got.set(ch.recv());
            if (Thread.currentThread().isInterrupted()) {
                interruptedAfter.countDown();
            }
        });
        Goroutines.awaitParked(receiver);
        receiver.interrupt();
        Thread.sleep(50);
        assertTrue(receiver.isAlive(), "an interrupt must not end a channel receive");
        ch.send("after interrupt");
        receiver.join(LIMIT);
        assertEquals("after interrupt", got.get());
        assertEquals(0, interruptedAfter.getCount(), "the interrupt status must be kept");
    }
}

package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.chan.Timers;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's time.After and time.Ticker. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimerTest {

    @Test
    void afterDeliversTheTimeOnceNoEarlierThanTheDelay() throws Exception {
        Duration delay = Duration.ofMillis(100);
        AtomicReference<Instant> got = new AtomicReference<>();
        long[] elapsedNanos = {0};
        Thread g = Gmp.go(() -> {
            long start = System.nanoTime();
            Chan<Instant> timer = Gmp.after(delay);
            got.set(timer.recv());
            elapsedNanos[0] = System.nanoTime() - start;
        });
        g.join(Duration.ofSeconds(30));
        assertNotNull(got.get());
        assertTrue(elapsedNanos[0] >= delay.toNanos(), "fired early, after " + elapsedNanos[0] + " ns");
    }

    @Test
    void afterSendsExactlyOneValue() throws Exception {
        Chan<Instant> timer = Gmp.after(Duration.ZERO);
        assertNotNull(timer.recv());
        Thread.sleep(50);
        assertEquals(Optional.empty(), timer.tryRecv());
    }

    @Test
    void afterWorksAsASelectTimeout() throws Exception {
        Chan<String> never = Chan.make();
        AtomicReference<String> outcome = new AtomicReference<>();
        Thread g = Gmp.go(() -> Select.of()
                .recv(never, v -> outcome.set("value"))
                .recv(Gmp.after(Duration.ofMillis(20)), t -> outcome.set("timeout"))
                .run());
        g.join(Duration.ofSeconds(30));
        assertEquals("timeout", outcome.get());
    }

    @Test
    void aPendingTimerIsCountedUntilItFires() {
        long before = Timers.pending();
        Chan<Instant> timer = Gmp.after(Duration.ofMillis(50));
        assertTrue(Timers.pending() >= before + 1);
        timer.recv();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (Timers.pending() > before && System.nanoTime() < deadline) {
            Thread.onSpinWait(); // the count drops just after the send that woke us
        }
        assertEquals(before, Timers.pending());
    }

    @Test
    void aTickerTicksInOrderUntilStopped() throws Exception {
        long before = Timers.pending();
        Ticker ticker = new Ticker(Duration.ofMillis(10));
        Instant previous = Instant.MIN;
        for (int i = 0; i < 5; i++) {
            Instant tick = ticker.chan().recv();
            assertTrue(tick.isAfter(previous), "ticks must come in time order");
            previous = tick;
        }
        ticker.stop();
        ticker.stop(); // idempotent
        assertEquals(before, Timers.pending());
        ticker.chan().tryRecv(); // at most one tick was buffered or in flight at stop
        Thread.sleep(100); // ten periods
        assertEquals(Optional.empty(), ticker.chan().tryRecv(), "a stopped ticker ticked");
    }

    @Test
    void aTickerWhoseReceiverLagsDropsTicksWithoutHoldingUpOtherTimers() throws Exception {
        Ticker ticker = new Ticker(Duration.ofMillis(2));
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (ticker.chan().len() == 0) { // fill its one-slot buffer and keep ticking into it
                assertTrue(System.nanoTime() < deadline, "no tick arrived");
                Thread.sleep(1);
            }
            Thread.sleep(20);
            assertNotNull(Gmp.after(Duration.ofMillis(5)).recv(), "the timer thread is stuck on a full ticker");
            ticker.chan().recv();
            assertNotNull(ticker.chan().recv(), "ticks resume once the receiver catches up");
        } finally {
            ticker.stop();
        }
    }

    @Test
    void aTickerNeedsAPositivePeriod() {
        assertThrows(IllegalArgumentException.class, () -> new Ticker(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new Ticker(Duration.ofMillis(-1)));
    }
}

package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Gs readied from outside the Ps in a storm: without the agent, a goroutine's sleep ends through the
 * JDK's unparker thread, so every wake-up is put on the global queue without its lock while Ms take from the
 * global queue under the lock. Every G must come back, and no M may meet a broken invariant (an M
 * that once took a batch counting Gs injected after its adoption handed out nulls and lost Gs).
 */
class InjectionStormTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @Test
    void everyInjectedGoroutineRunsAndNoMeetsABrokenInvariant() throws Exception {
        Gmp.gomaxprocs(2);
        Sched s = Sched.get();
        long errorsBefore = s.internalErrors();
        AtomicLong left = new AtomicLong(100_000);
        List<Thread> gs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            gs.add(Gmp.go(() -> {
                try {
                    while (left.getAndDecrement() > 0) {
                        Thread.sleep(0, 200_000); // woken by the JDK's timer thread: an injection
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        for (Thread g : gs) {
            g.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            assertFalse(g.isAlive(), "a goroutine never came back: a wake-up was lost");
        }
        assertEquals(errorsBefore, s.internalErrors(), "an M met a broken invariant (see stderr)");
    }
}

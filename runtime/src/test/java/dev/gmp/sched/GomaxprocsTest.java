package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.jdk.VirtualThreads;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import dev.gmp.testsupport.RestoredAfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GOMAXPROCS changes take effect on running work, not only at the next idle moment. */
class GomaxprocsTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    private static int currentPid() {
        P pp = ((M) VirtualThreads.currentCarrierThread()).p;
        return pp == null ? -1 : pp.id;
    }

    @Test
    void afterAGrowWorkQueuedOnABusyPRunsOnTheNewP() throws Exception {
        Gmp.gomaxprocs(1);
        AtomicBoolean queued = new AtomicBoolean();
        AtomicInteger childrenRan = new AtomicInteger();
        AtomicBoolean sawAChildRunWhileBusy = new AtomicBoolean();
        Thread busy = Gmp.go(() -> {
            for (int i = 0; i < 8; i++) {
                Gmp.go(childrenRan::incrementAndGet); // this P's runnext and ring: nobody else may run them
            }
            queued.set(true);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (childrenRan.get() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // never gives up the P
            }
            sawAChildRunWhileBusy.set(childrenRan.get() > 0);
        });
        while (!queued.get()) {
            Thread.onSpinWait();
        }
        Gmp.gomaxprocs(2);
        assertTrue(busy.join(Duration.ofSeconds(20)));
        assertTrue(sawAChildRunWhileBusy.get(), "after growing GOMAXPROCS no M came for the Gs queued on the busy P");
    }

    @Test
    void afterAShrinkAGoroutineLoopingOnAPBeyondTheLimitIsPreemptedOffIt() throws Exception {
        Gmp.gomaxprocs(2);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong lastSeenOnP1 = new AtomicLong();
        AtomicInteger onP1 = new AtomicInteger();
        Thread[] loopers = new Thread[2];
        for (int i = 0; i < loopers.length; i++) {
            loopers[i] = Gmp.go(() -> {
                while (!stop.get()) {
                    if (currentPid() == 1) {
                        onP1.incrementAndGet();
                        lastSeenOnP1.set(System.nanoTime());
                    }
                    Gmp.checkPreempt(); // a safe point: the only way off a P for a G that never blocks
                }
            });
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (onP1.get() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertTrue(onP1.get() > 0, "with 2 Ps one looper runs on P1");
        Gmp.gomaxprocs(1);
        long shrunkAt = System.nanoTime();
        Thread.sleep(500);
        stop.set(true);
        for (Thread t : loopers) {
            assertTrue(t.join(Duration.ofSeconds(10)));
        }
        long afterShrinkMillis = TimeUnit.NANOSECONDS.toMillis(lastSeenOnP1.get() - shrunkAt);
        assertTrue(afterShrinkMillis < 250, "a G still ran on P1 " + afterShrinkMillis + " ms after GOMAXPROCS went to 1");
    }
}

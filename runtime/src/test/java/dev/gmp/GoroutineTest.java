package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GoroutineTest {
    private static final int PROCS = Math.max(2, Runtime.getRuntime().availableProcessors());

    @AfterEach
    void restoreProcs() {
        Gmp.gomaxprocs(PROCS);
    }

    @Test
    void goRunsTheTaskOnAVirtualThreadCarriedByAnM() throws Exception {
        AtomicReference<String> carrier = new AtomicReference<>();
        AtomicBoolean virtual = new AtomicBoolean();
        Thread t = Gmp.go(() -> {
            virtual.set(Thread.currentThread().isVirtual());
            carrier.set(Thread.currentThread().toString());
        });
        assertTrue(t.join(Duration.ofSeconds(10)));
        assertTrue(virtual.get());
        assertTrue(carrier.get().contains("gmp-m-"), carrier.get());
    }

    @Test
    void aMillionGoroutinesAllComplete() throws Exception {
        int n = 1_000_000;
        CountDownLatch done = new CountDownLatch(n);
        Gmp.go(() -> {
            for (int i = 0; i < n; i++) {
                Gmp.go(done::countDown);
            }
        });
        assertTrue(done.await(120, TimeUnit.SECONDS), "left: " + done.getCount());
    }

    @Test
    void noGoroutineIsLostWhileGomaxprocsChangesUpAndDown() throws Exception {
        int n = 200_000;
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(n);
        for (int s = 0; s < 4; s++) {
            Gmp.go(() -> {
                for (int i = 0; i < n / 4; i++) {
                    Gmp.go(() -> {
                        if ((ran.incrementAndGet() & 63) == 0) Gmp.gosched();
                        done.countDown();
                    });
                }
            });
        }
        int[] sizes = {1, 4, 2, 8, 1, 3, PROCS};
        for (int round = 0; done.getCount() > 0 && round < 2_000; round++) {
            Gmp.gomaxprocs(sizes[round % sizes.length]);
            Thread.sleep(1);
        }
        Gmp.gomaxprocs(PROCS);
        assertTrue(done.await(60, TimeUnit.SECONDS), "lost goroutines: " + done.getCount());
        assertEquals(n, ran.get());
    }

    @Test
    void gomaxprocsReturnsThePreviousValueAndRejectsLessThanOne() {
        int before = Gmp.gomaxprocs(3);
        assertEquals(PROCS, before);
        assertEquals(3, Gmp.gomaxprocs());
        assertEquals(3, Gmp.snapshot().procs().size());
        var e = assertThrows(IllegalArgumentException.class, () -> Gmp.gomaxprocs(0));
        assertEquals("GOMAXPROCS must be at least 1, got 0", e.getMessage());
    }

    /** The JDK's scheduler starves the new thread forever here with one carrier; Go's does not. */
    @Test
    void aGoroutineLoopingOnGoschedDoesNotStarveANewOne() throws Exception {
        Gmp.gomaxprocs(1);
        AtomicBoolean newcomerRan = new AtomicBoolean();
        AtomicLong spins = new AtomicLong();
        Thread looper = Gmp.go(() -> {
            Gmp.go(() -> newcomerRan.set(true));
            while (!newcomerRan.get() && spins.incrementAndGet() < 50_000_000) {
                Gmp.gosched();
            }
        });
        assertTrue(looper.join(Duration.ofSeconds(60)));
        assertTrue(newcomerRan.get(), "newcomer never ran; looper yielded " + spins.get() + " times");
    }

    /**
     * Batches of 128 Gs (half a ring, so nothing overflows to the global queue) spawned by one G:
     * the only way the other P gets work is to steal it.
     */
    @Test
    void withTwoPsAndOneSpawnerTheOtherPStealsAndBothRunGoroutines() throws Exception {
        Gmp.gomaxprocs(2);
        Snapshot before = Gmp.snapshot();
        Set<String> carriers = ConcurrentHashMap.newKeySet();
        Snapshot after = before;
        for (int batch = 0; batch < 200; batch++) {
            int n = 128;
            CountDownLatch done = new CountDownLatch(n);
            Gmp.go(() -> {
                for (int i = 0; i < n; i++) {
                    Gmp.go(() -> {
                        long x = 0;
                        for (int k = 0; k < 20_000; k++) x += k * 31L;
                        if (x == 42) System.out.print("");
                        String c = Thread.currentThread().toString();
                        carriers.add(c.substring(c.indexOf("gmp-m-")));
                        done.countDown();
                    });
                }
            });
            assertTrue(done.await(60, TimeUnit.SECONDS));
            after = Gmp.snapshot();
            if (after.totals().steals() > before.totals().steals() && carriers.size() >= 2
                    && after.procs().get(0).schedtick() > before.procs().get(0).schedtick()
                    && after.procs().get(1).schedtick() > before.procs().get(1).schedtick()) {
                break;
            }
        }
        assertTrue(after.totals().steals() > before.totals().steals(), "no steals");
        long p0 = after.procs().get(0).schedtick() - before.procs().get(0).schedtick();
        long p1 = after.procs().get(1).schedtick() - before.procs().get(1).schedtick();
        assertTrue(p0 > 0 && p1 > 0, "slices per P: " + p0 + ", " + p1);
        assertTrue(carriers.size() >= 2, "carriers: " + carriers);
    }

    @Test
    void anUncaughtExceptionGoesToTheHandlerAndTheMsKeepWorking() throws Exception {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        Thread.UncaughtExceptionHandler old = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> seen.set(e));
        try {
            int n = 50;
            CountDownLatch thrown = new CountDownLatch(n);
            for (int i = 0; i < n; i++) {
                Gmp.go(() -> {
                    thrown.countDown();
                    throw new IllegalStateException("boom");
                });
            }
            assertTrue(thrown.await(10, TimeUnit.SECONDS));
            CountDownLatch after = new CountDownLatch(1000);
            for (int i = 0; i < 1000; i++) Gmp.go(after::countDown);
            assertTrue(after.await(10, TimeUnit.SECONDS), "Ms stopped working after exceptions");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (seen.get() == null && System.nanoTime() < deadline) Thread.sleep(5);
            assertEquals("boom", seen.get().getMessage());
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(old);
        }
    }

    @Test
    void numGoroutineCountsLiveGoroutines() throws Exception {
        long base = Gmp.numGoroutine();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(10);
        Thread[] ts = new Thread[10];
        for (int i = 0; i < 10; i++) {
            ts[i] = Gmp.go(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        assertTrue(started.await(10, TimeUnit.SECONDS));
        assertTrue(Gmp.numGoroutine() >= base + 10);
        release.countDown();
        for (Thread t : ts) assertTrue(t.join(Duration.ofSeconds(10)));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Gmp.numGoroutine() > base && System.nanoTime() < deadline) Thread.sleep(5);
        assertTrue(Gmp.numGoroutine() <= base, "still counted: " + Gmp.numGoroutine() + " > " + base);
    }
}

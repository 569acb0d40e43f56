package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.testsupport.RestoredAfterEach;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GOMAXPROCS resized at random, as fast as possible, while goroutines spawn, yield, park and wake
 * each other: every goroutine still runs exactly once to the end. Shrinking and regrowing within
 * the time a new M takes to start is what once gave a P two owners.
 */
class ProcresizeStressTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @Test
    void randomResizesUnderLoadLoseNothing() throws Exception {
        int procs = Gmp.gomaxprocs();
        for (int round = 0; round < 10; round++) {
            int n = 30_000;
            AtomicInteger ran = new AtomicInteger();
            CountDownLatch done = new CountDownLatch(n);
            for (int s = 0; s < 3; s++) {
                Gmp.go(() -> {
                    for (int i = 0; i < n / 3; i++) {
                        Gmp.go(() -> {
                            int k = ran.incrementAndGet();
                            if ((k & 7) == 0) Gmp.gosched();
                            if ((k & 31) == 0) LockSupport.parkNanos(1_000);
                            done.countDown();
                        });
                    }
                });
            }
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (done.getCount() > 0) {
                Gmp.gomaxprocs(1 + random.nextInt(6));
                if (random.nextBoolean()) Thread.onSpinWait(); else LockSupport.parkNanos(20_000);
                if (!done.await(0, TimeUnit.MILLISECONDS) && ran.get() == n && done.getCount() > 0) break;
            }
            Gmp.gomaxprocs(procs);
            assertTrue(done.await(30, TimeUnit.SECONDS), "round " + round + ": goroutines never ran: " + done.getCount()
                    + "\n" + Gmp.schedtrace());
            assertEquals(n, ran.get());
        }
    }
}

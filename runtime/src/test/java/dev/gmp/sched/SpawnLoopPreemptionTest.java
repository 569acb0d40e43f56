package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import dev.gmp.testsupport.RestoredAfterEach;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Starting a goroutine is a preemption point. A G that spawns in a loop without ever blocking keeps
 * its P: gmp cannot interrupt it as Go's asynchronous preemption does. Once sysmon has flagged its
 * slice as too long (10 ms), its next {@code go} yields, so the Gs it started run, and the backlog of
 * unstarted threads stays bounded by what one slice can spawn, as in Go.
 */
class SpawnLoopPreemptionTest {
    @RegisterExtension
    final RestoredAfterEach gomaxprocs = new RestoredAfterEach(Gmp::gomaxprocs, Gmp::gomaxprocs);

    @BeforeEach
    void oneP() {
        Gmp.gomaxprocs(1);
    }

    @Test
    void aGoroutineSpawningInALoopLetsTheGoroutinesItStartedRunOnItsOnlyP() throws InterruptedException {
        AtomicLong ran = new AtomicLong();
        long[] spawnedBeforeTheFirstRan = {-1};
        Thread spawner = Gmp.go(() -> {
            // Never blocks: only a preemption at go() lets the children run before the loop ends.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            long spawned = 0;
            while (ran.get() == 0 && System.nanoTime() < deadline) {
                Gmp.go(ran::incrementAndGet);
                spawned++;
            }
            spawnedBeforeTheFirstRan[0] = ran.get() == 0 ? -1 : spawned;
        });
        assertTrue(spawner.join(Duration.ofSeconds(30)), "the spawner finished");
        assertTrue(spawnedBeforeTheFirstRan[0] > 0,
                "on 1 P no goroutine it started ran in 5 s of spawning: go() never yielded to them");
    }
}

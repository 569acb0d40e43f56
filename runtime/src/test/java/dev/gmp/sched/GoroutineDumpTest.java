package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import dev.gmp.GoroutineGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Taking a goroutine dump neither reschedules goroutines nor costs more than a bounded walk. */
@Timeout(60)
class GoroutineDumpTest {
    private static volatile boolean release;

    @Test
    void dumpingQueuedGoroutinesDoesNotQueueThemAgainNorRunThemAgain() throws Exception {
        Sched s = Sched.get();
        int queued = 200;
        Chan<Integer> gate = Chan.make();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < queued; i++) threads.add(Gmp.go(gate::recv));
        awaitParkedOnChannels(queued);
        int procs = s.gomaxprocs();
        AtomicInteger spinning = new AtomicInteger();
        release = false;
        for (int i = 0; i < procs; i++) { // hold every P: nothing queued can run until release
            threads.add(Gmp.go(() -> {
                spinning.incrementAndGet();
                while (!release) Thread.onSpinWait();
            }));
        }
        long switchesBefore;
        try {
            while (spinning.get() < procs) Thread.sleep(1);
            gate.close(); // from this platform thread: every receiver is readied onto the global queue
            int queueBefore = s.globalRunqSize();
            assertTrue(queueBefore >= queued, "queued on the global queue: " + queueBefore);

            for (int dump = 0; dump < 3; dump++) {
                int runnable = Gmp.goroutines().stream().filter(g -> g.state().equals("runnable"))
                        .filter(g -> g.stack().equals(List.of(GoroutineDump.RUNNABLE_FRAME)))
                        .mapToInt(GoroutineGroup::count).sum();
                assertTrue(runnable >= queued, "the queued goroutines are listed as runnable: " + runnable);
            }
            assertEquals(queueBefore, s.globalRunqSize(), "a dump must not queue a runnable goroutine again");
            switchesBefore = Gmp.snapshot().totals().switches();
        } finally {
            release = true; // a failed check must not leave every P held by a spinner for the next tests
        }
        for (Thread t : threads) t.join();
        long switches = Gmp.snapshot().totals().switches() - switchesBefore;
        assertTrue(switches < 2L * queued, "each queued goroutine runs once, not once more per dump: " + switches);
    }

    @Test
    void aDumpOfManyGoroutinesWalksAtMostItsLimitOfStacksAndCountsEveryGoroutine() throws Exception {
        int parked = 3_000, limit = 100;
        Chan<Integer> never = Chan.make();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < parked; i++) threads.add(Gmp.go(never::recv));
        Sched s = Sched.get();
        awaitParkedOnChannels(parked);

        List<GoroutineGroup> dump = GoroutineDump.groups(s, false, limit);
        int walked = dump.stream().filter(g -> !g.stack().equals(List.of(GoroutineDump.OVER_LIMIT_FRAME))
                        && !g.stack().equals(List.of(GoroutineDump.RUNNABLE_FRAME)))
                .mapToInt(GoroutineGroup::count).sum();
        int overLimitOnTheChannel = dump.stream().filter(g -> g.stack().equals(List.of(GoroutineDump.OVER_LIMIT_FRAME)))
                .filter(g -> g.waitReason().equals("chan receive")).mapToInt(GoroutineGroup::count).sum();
        assertTrue(walked <= limit, "stacks walked: " + walked);
        assertTrue(overLimitOnTheChannel >= parked - limit, "the rest keep their wait reason: " + overLimitOnTheChannel);
        assertTrue(dump.stream().mapToInt(GoroutineGroup::count).sum() >= parked, "every goroutine is counted");

        never.close();
        for (Thread t : threads) t.join();
    }

    private static void awaitParkedOnChannels(int n) throws InterruptedException {
        while (Gmp.goroutines().stream().filter(g -> g.waitReason().equals("chan receive"))
                .mapToInt(GoroutineGroup::count).sum() < n) {
            Thread.sleep(10);
        }
    }
}

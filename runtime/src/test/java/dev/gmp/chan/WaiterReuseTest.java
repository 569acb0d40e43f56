package dev.gmp.chan;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Chan;
import dev.gmp.ChanClosedException;
import dev.gmp.Gmp;
import dev.gmp.sched.G;
import dev.gmp.sched.Sched;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A G blocks in channels with one waiter record it keeps (Go's sudog, reused): no allocation per
 * blocking operation, and nothing of one operation leaks into the next, however the wakers race.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WaiterReuseTest {

    @Test
    void aGoroutineBlocksInEveryPlainOperationWithTheSameWaiter() throws Throwable {
        Chan<String> in = Chan.make();
        Chan<String> out = Chan.make();
        Thread partner = Gmp.go(() -> {
            in.send("a");
            out.recv();
            in.send("b");
        });
        AtomicReference<Object> first = new AtomicReference<>();
        AtomicReference<Object> later = new AtomicReference<>();
        onGoroutine(() -> {
            assertEquals("a", in.recv());
            first.set(ownG().chanWaiter());
            out.send("x");
            assertEquals("b", in.recv());
            later.set(ownG().chanWaiter());
        });
        partner.join();
        // Whether the first recv blocked depends on who ran first; by the second of three it has.
        assertInstanceOf(Waiter.class, later.get(), "a G keeps the waiter it blocked with");
        if (first.get() != null) {
            assertSame(first.get(), later.get(), "the kept waiter is reused, not replaced");
        }
    }

    @Test
    void aReusedWaiterStartsClean() throws Throwable {
        onGoroutine(() -> {
            Waiter w = Waiter.forCurrentThread();
            w.elem = "left over";
            w.success = true;
            Waiter again = Waiter.forCurrentThread();
            assertSame(w, again);
            assertNull(again.elem);
            assertFalse(again.success);
            assertTrue(again.isG);
            assertSame(Thread.currentThread(), again.thread);
        });
    }

    @Test
    void aThreadThatIsNotAGoroutineGetsAFreshWaiterEachTime() {
        Waiter a = Waiter.forCurrentThread();
        Waiter b = Waiter.forCurrentThread();
        assertNotSame(a, b);
        assertFalse(a.isG);
    }

    /**
     * What a reused record carried last time must not answer this time: a receive that got a value
     * and then one woken by close must return null, a send woken by close must throw, and a select
     * between them (fresh records) must not disturb the G's own.
     */
    @Test
    void closeAfterASuccessfulOperationIsSeenAsClose() throws Throwable {
        for (int round = 0; round < 2_000; round++) {
            Chan<Integer> values = Chan.make();
            Chan<Integer> sink = Chan.make();
            Chan<Integer> never = Chan.make();
            int r = round;
            Thread closer = Gmp.go(() -> {
                values.send(r);
                int[] got = {-1};
                dev.gmp.Select.of().recv(sink, v -> got[0] = v).recv(never, v -> {}).run();
                assertEquals(r, got[0]);
                if (ThreadLocalRandom.current().nextBoolean()) {
                    Thread.yield(); // let the receiver block first, or not
                }
                values.close();
                sink.close();
            });
            onGoroutine(() -> {
                assertEquals(r, values.recv());
                sink.send(r);
                assertNull(values.recv(), "round " + r + ": a receive woken by close returned a value");
                assertThrows(ChanClosedException.class, () -> sink.send(1), "round " + r);
            });
            closer.join();
        }
    }

    /**
     * Wakers on platform threads and on Gs race the woken G's next operation: the G may see its
     * record done and block in it again before the waker's unpark lands. Every value must still
     * arrive once and in order, at 1 P and at several.
     */
    @Test
    void wakersRacingTheNextOperationLoseNoWakeUp() throws Throwable {
        int rounds = 30_000;
        int before = Gmp.gomaxprocs();
        try {
            for (int procs : new int[] {1, 4}) {
                Gmp.gomaxprocs(procs);
                for (boolean platformPartner : new boolean[] {false, true}) {
                    pingPong(rounds, platformPartner);
                }
            }
        } finally {
            Gmp.gomaxprocs(before);
        }
    }

    private static void pingPong(int rounds, boolean platformPartner) throws Throwable {
        {
            Chan<Integer> there = Chan.make();
            Chan<Integer> back = Chan.make();
            Runnable echo = () -> {
                for (int i = 0; i < rounds; i++) {
                    back.send(there.recv() + 1);
                }
            };
            Thread partner = platformPartner ? Thread.ofPlatform().start(echo) : Gmp.go(echo);
            onGoroutine(() -> {
                for (int i = 0; i < rounds; i++) {
                    there.send(i);
                    assertEquals(i + 1, back.recv());
                }
            });
            partner.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(partner.isAlive(), "the echo is stuck: a wake-up was lost");
        }
    }

    @Test
    void manyGoroutinesPassingOneTokenAroundARingLoseNoWakeUp() throws Throwable {
        int size = 64;
        int laps = 500;
        List<Chan<Integer>> ring = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ring.add(Chan.make());
        }
        List<Thread> members = new ArrayList<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        for (int i = 1; i < size; i++) {
            Chan<Integer> from = ring.get(i - 1);
            Chan<Integer> to = ring.get(i);
            members.add(Gmp.go(() -> {
                try {
                    for (int lap = 0; lap < laps; lap++) {
                        to.send(from.recv() + 1);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        onGoroutine(() -> {
            for (int lap = 0; lap < laps; lap++) {
                ring.get(0).send(lap * size);
                assertEquals(lap * size + size - 1, ring.get(size - 1).recv(), "lap " + lap);
            }
        });
        for (Thread t : members) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), "a ring member is stuck");
        }
        assertNull(failure.get());
    }

    private static G ownG() {
        G g = Sched.get().currentG();
        assertNotNull(g, "must run on a gmp G");
        return g;
    }

    /** Runs {@code body} on a new G and rethrows what it threw. */
    private static void onGoroutine(ThrowingBody body) throws Throwable {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread t = Gmp.go(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        t.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(t.isAlive(), "the goroutine is stuck");
        if (thrown.get() != null) {
            throw thrown.get();
        }
    }

    @FunctionalInterface
    private interface ThrowingBody {
        void run() throws Throwable;
    }
}

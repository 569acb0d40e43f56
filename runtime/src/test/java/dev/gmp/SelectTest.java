package dev.gmp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Go's select semantics: readiness, otherwise, nil channels, exactly-one firing, fairness. */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SelectTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    record Point(int x, int y) {}

    @Test
    void otherwiseRunsWhenNoCaseIsReadyForUnbufferedAndBufferedChannelsOfSeveralTypes() {
        checkNonBlocking(Chan.make(), Chan.make(), 42);
        checkNonBlocking(Chan.make(), Chan.make(), "text");
        checkNonBlocking(Chan.make(), Chan.make(), new Point(1, 2));
        checkNonBlocking(Chan.make(), Chan.make(), List.of(1.5, 2.5));
        checkNonBlockingBuffered(Chan.make(2), 42);
        checkNonBlockingBuffered(Chan.make(1), "text");
        checkNonBlockingBuffered(Chan.make(3), new Point(3, 4));
        checkNonBlockingBuffered(Chan.make(1), List.of(1.5, 2.5));
    }

    /** Unbuffered, nobody waiting: neither send nor receive is ready. */
    private static <T> void checkNonBlocking(Chan<T> forRecv, Chan<T> forSend, T value) {
        AtomicReference<String> fired = new AtomicReference<>();
        int index = Select.of()
                .recv(forRecv, v -> fired.set("recv"))
                .send(forSend, value, () -> fired.set("send"))
                .otherwise(() -> fired.set("otherwise"))
                .run();
        assertEquals(-1, index);
        assertEquals("otherwise", fired.get());
    }

    /** Buffered: a send fills it until full (then otherwise), receives drain it in order (then otherwise). */
    private static <T> void checkNonBlockingBuffered(Chan<T> ch, T value) {
        for (int i = 0; i < ch.cap(); i++) {
            assertEquals(0, Select.of().send(ch, value, () -> {}).otherwise(() -> fail("room left")).run());
        }
        AtomicInteger otherwise = new AtomicInteger();
        assertEquals(-1, Select.of().send(ch, value, () -> fail("buffer full")).otherwise(otherwise::incrementAndGet).run());
        for (int i = 0; i < ch.cap(); i++) {
            AtomicReference<T> got = new AtomicReference<>();
            assertEquals(0, Select.of().recv(ch, got::set).otherwise(() -> fail("items left")).run());
            assertEquals(value, got.get());
        }
        assertEquals(-1, Select.of().recv(ch, v -> fail("buffer empty")).otherwise(otherwise::incrementAndGet).run());
        assertEquals(2, otherwise.get());
    }

    @Test
    void aReadyCaseWinsOverOtherwise() {
        Chan<String> ch = Chan.make(1);
        ch.send("ready");
        AtomicReference<String> got = new AtomicReference<>();
        assertEquals(0, Select.of().recv(ch, got::set).otherwise(() -> fail("a case was ready")).run());
        assertEquals("ready", got.get());
    }

    @Test
    void aNullChannelCaseIsNeverReady() {
        Chan<Integer> ready = Chan.make(1);
        for (int i = 0; i < 200; i++) {
            ready.send(i);
            int fired = Select.of()
                    .recv((Chan<Integer>) null, v -> fail("nil receive fired"))
                    .send((Chan<Integer>) null, 1, () -> fail("nil send fired"))
                    .recv(ready, v -> {})
                    .run();
            assertEquals(2, fired);
        }
        assertEquals(-1, Select.of().recv((Chan<Integer>) null, v -> fail("nil")).otherwise(() -> {}).run());
    }

    @Test
    void aReceiveCaseOnAClosedChannelFiresWithNull() {
        Chan<String> ch = Chan.make();
        ch.close();
        AtomicReference<String> got = new AtomicReference<>("unset");
        AtomicReference<Received<String>> gotOk = new AtomicReference<>();
        assertEquals(0, Select.of().recv(ch, got::set).run());
        assertNull(got.get());
        assertEquals(0, Select.of().recvOk(ch, gotOk::set).run());
        assertEquals(Received.closed(), gotOk.get());
    }

    @Test
    void aSendCaseOnAClosedChannelThrows() {
        Chan<String> ch = Chan.make(1);
        ch.close();
        assertThrows(ChanClosedException.class, () -> Select.of().send(ch, "x", () -> fail("sent")).run());
    }

    @Test
    void closeWakesABlockedSelectSendingOnIt() throws Exception {
        Chan<String> ch = Chan.make();
        Chan<String> never = Chan.make();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread g = Gmp.go(() -> {
            try {
                Select.of().send(ch, "x", () -> fail("sent")).recv(never, v -> fail("never")).run();
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        Goroutines.awaitParked(g);
        ch.close();
        g.join(LIMIT);
        assertTrue(thrown.get() instanceof ChanClosedException, String.valueOf(thrown.get()));
    }

    @Test
    void aBlockedSelectFiresTheCaseThatBecomesReady() throws Exception {
        Chan<String> a = Chan.make();
        Chan<String> b = Chan.make();
        Chan<String> c = Chan.make();
        List<String> log = Collections.synchronizedList(new ArrayList<>());
        Goroutines gs = new Goroutines();
        gs.go(() -> {
            int fired = Select.of()
                    .recv(a, v -> log.add("a:" + v))
                    .recv(b, v -> log.add("b:" + v))
                    .send(c, "to-c", () -> log.add("c sent"))
                    .run();
            log.add("case " + fired);
        });
        gs.awaitParked();
        b.send("hi");
        gs.joinAll(LIMIT);
        assertEquals(List.of("b:hi", "case 1"), log);
        assertEquals(java.util.Optional.empty(), c.tryRecv(), "the select left its send case enqueued");
    }

    @Test
    void theSameChannelInTwoCasesIsLockedOnce() throws Exception {
        Chan<Integer> ch = Chan.make();
        Goroutines gs = new Goroutines();
        AtomicInteger got = new AtomicInteger();
        gs.go(() -> Select.of().recv(ch, got::set).recv(ch, got::set).run());
        gs.awaitParked();
        ch.send(7);
        gs.joinAll(LIMIT);
        assertEquals(7, got.get());
        assertEquals(-1, Select.of().send(ch, 1, () -> fail("stale waiter")).otherwise(() -> {}).run(),
                "the select must have removed its second waiter");
    }

    @Test
    void aSecondOtherwiseIsRejected() {
        Select s = Select.of().otherwise(() -> {});
        assertThrows(IllegalStateException.class, () -> s.otherwise(() -> {}));
    }

    @Test
    void twoReceiveCasesNeverBothFireUnderConcurrentSenders() throws Exception {
        // Two receivers block in selects over a and b while two senders per channel race to
        // complete them. A double fire would lose a value (its sender thinks it was delivered).
        int perSender = 5_000;
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        int senders = 4;
        AtomicIntegerArray seen = new AtomicIntegerArray(senders * perSender);
        AtomicInteger doubleFires = new AtomicInteger();
        Goroutines gs = new Goroutines();
        for (int s = 0; s < senders; s++) {
            Chan<Integer> ch = s % 2 == 0 ? a : b;
            int base = s * perSender;
            gs.go(() -> {
                for (int i = 0; i < perSender; i++) {
                    ch.send(base + i);
                }
            });
        }
        int receivers = 2;
        for (int r = 0; r < receivers; r++) {
            gs.go(() -> {
                int[] firedThisRun = {0};
                Select select = Select.of()
                        .recv(a, v -> { firedThisRun[0]++; seen.incrementAndGet(v); })
                        .recv(b, v -> { firedThisRun[0]++; seen.incrementAndGet(v); });
                for (int i = 0; i < senders * perSender / receivers; i++) {
                    firedThisRun[0] = 0;
                    select.run();
                    if (firedThisRun[0] != 1) {
                        doubleFires.incrementAndGet();
                    }
                }
            });
        }
        gs.joinAll(LIMIT);
        assertEquals(0, doubleFires.get());
        for (int i = 0; i < seen.length(); i++) {
            assertEquals(1, seen.get(i), "value " + i + " received " + seen.get(i) + " times");
        }
    }

    @Test
    void twoSendCasesNeverBothFireUnderConcurrentReceivers() throws Exception {
        int runs = 10_000;
        Chan<Integer> a = Chan.make();
        Chan<Integer> b = Chan.make();
        AtomicIntegerArray seen = new AtomicIntegerArray(runs);
        Chan<Boolean> done = Chan.make();
        Goroutines gs = new Goroutines();
        AtomicInteger received = new AtomicInteger();
        for (Chan<Integer> ch : List.of(a, b, a, b)) {
            gs.go(() -> {
                boolean[] stop = {false};
                Select select = Select.of()
                        .recv(ch, v -> { seen.incrementAndGet(v); received.incrementAndGet(); })
                        .recv(done, closed -> stop[0] = true);
                while (!stop[0]) {
                    select.run();
                }
            });
        }
        for (int i = 0; i < runs; i++) {
            Select.of().send(a, i, () -> {}).send(b, i, () -> {}).run();
        }
        done.close();
        gs.joinAll(LIMIT);
        assertEquals(runs, received.get());
        for (int i = 0; i < runs; i++) {
            assertEquals(1, seen.get(i), "value " + i);
        }
    }

    @Test
    void selectsOverOverlappingChannelsInOppositeOrdersDoNotDeadlock() throws Exception {
        // Lock ordering: selects naming a and b in either order lock them in the same (id) order.
        // Workers run selects until done is closed; progress to the target proves no lock cycle.
        Chan<Integer> a = Chan.make(1);
        Chan<Integer> b = Chan.make(1);
        Chan<Boolean> done = Chan.make();
        AtomicInteger sent = new AtomicInteger();
        AtomicInteger received = new AtomicInteger();
        List<Supplier<Select>> workers = List.of(
                () -> Select.of().send(a, 1, sent::incrementAndGet).send(b, 1, sent::incrementAndGet),
                () -> Select.of().recv(b, v -> received.incrementAndGet()).recv(a, v -> received.incrementAndGet()),
                () -> Select.of().send(b, 2, sent::incrementAndGet).recv(a, v -> received.incrementAndGet()),
                () -> Select.of().recv(b, v -> received.incrementAndGet()).send(a, 2, sent::incrementAndGet));
        Goroutines gs = new Goroutines();
        List<Thread> platform = new ArrayList<>();
        for (int w = 0; w < workers.size(); w++) {
            var make = workers.get(w);
            Runnable loop = () -> {
                boolean[] stop = {false};
                Select s = make.get().recv(done, closed -> stop[0] = true);
                while (!stop[0]) {
                    s.run();
                }
            };
            if (w == 2) {
                platform.add(Thread.ofPlatform().start(loop)); // a platform thread takes part too
            } else {
                gs.go(loop::run);
            }
        }
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (received.get() < 20_000) {
            assertTrue(System.nanoTime() < deadline, "no progress: " + received.get() + "\n" + Gmp.goroutineDump());
            Thread.sleep(5);
        }
        done.close();
        for (Thread t : platform) {
            t.join(LIMIT);
            assertFalse(t.isAlive());
        }
        gs.joinAll(LIMIT);
        assertEquals(sent.get(), received.get() + a.len() + b.len(), "every value sent is received or buffered");
    }

    @Test
    void eachOfNAlwaysReadyCasesIsChosenAboutOneNthOfTheTime() {
        // Uniform choice among ready cases: with n cases and r runs each count is Binomial(r, 1/n).
        // The bound is 7 standard deviations: a correct select fails it with probability < 1e-10.
        int n = 4;
        int runs = 40_000;
        List<Chan<Integer>> chans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Chan<Integer> ch = Chan.make(1);
            ch.send(i);
            chans.add(ch);
        }
        int[] counts = new int[n];
        Select select = Select.of();
        for (int i = 0; i < n; i++) {
            Chan<Integer> ch = chans.get(i);
            select.recv(ch, v -> {
                counts[v]++;
                ch.send(v); // keep it ready
            });
        }
        // a never-ready case must not change the odds
        select.recv(Chan.<Integer>make(), v -> fail("empty channel fired"));
        for (int r = 0; r < runs; r++) {
            select.run();
        }
        double expected = runs / (double) n;
        double sigma = Math.sqrt(runs * (1.0 / n) * (1 - 1.0 / n));
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(counts[i] - expected) < 7 * sigma,
                    "case " + i + " chosen " + counts[i] + " times, expected " + expected + " ± " + 7 * sigma);
        }
    }
}

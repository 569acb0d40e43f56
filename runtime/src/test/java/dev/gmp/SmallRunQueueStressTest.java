package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.testsupport.ForkedJvm;
import dev.gmp.sched.SchedulerInvariants;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * Every kind of scheduling event at once, on run queues of 4 slots and 3 Ps that a platform thread
 * resizes to 1..6 throughout: a ring of 4 overflows to the global queue and is robbed of half of
 * itself constantly. Whatever the interleaving, every goroutine runs exactly once to its end, every
 * message arrives exactly once and in order, every critical section is counted, nothing hangs, and
 * the scheduler's invariants hold afterwards.
 */
class SmallRunQueueStressTest {

    @Test
    void aMixedWorkloadOnFourSlotRunQueuesWithRandomGomaxprocsLosesNothing() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(MixedWorkload.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Dgmp.runqSize=4", "-Dgmp.procs=3"));
        assertEquals(0, jvm.exitCode(), jvm.output());
        assertTrue(jvm.output().contains("RESULT nothing lost"), jvm.output());
        assertFalse(jvm.output().contains("internal error"), jvm.output());
    }

    /** The program: runs every part at once, three times, while a platform thread resizes GOMAXPROCS; checks the books. */
    public static final class MixedWorkload {
        private static final Duration LIMIT = Duration.ofSeconds(30);
        private static final int ROUNDS = 3;

        public static void main(String[] args) throws Exception {
            SchedulerInvariants invariants = SchedulerInvariants.mark();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger resizes = new AtomicInteger();
            Thread resizer = Thread.ofPlatform().daemon().name("resizer").start(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (!stop.get()) {
                    Gmp.gomaxprocs(1 + random.nextInt(6));
                    resizes.incrementAndGet();
                    LockSupport.parkNanos(random.nextLong(2_000_000));
                }
            });
            int goroutines = 0;
            for (int round = 0; round < ROUNDS; round++) {
                Ledger ledger = new Ledger();
                List<Runnable> checks = List.of(
                        spawnTrees(ledger), spawnBursts(ledger), parkUnparkPairs(ledger), chanPingPongs(ledger),
                        bufferedFanIn(ledger), yieldLoops(ledger), timers(ledger), platformThreadHandoffs(ledger),
                        monitorContention(ledger), reentrantLockContention(ledger));
                ledger.joinAll(LIMIT);
                checks.forEach(Runnable::run);
                ledger.assertEachRanOnceToItsEnd();
                goroutines += ledger.count();
            }
            stop.set(true);
            SchedulerInvariants.join(resizer, LIMIT, "the resizer");
            Gmp.gomaxprocs(3);
            invariants.assertHold();
            Snapshot.Totals totals = Gmp.snapshot().totals();
            assertTrue(totals.steals() > 0, "no steal happened: the test does not exercise what it claims");
            System.out.println("RESULT nothing lost: " + goroutines + " goroutines and threads, " + resizes.get()
                    + " resizes, " + totals.steals() + " steals, " + totals.yields() + " goscheds");
        }

        /** Three trees of depth 6 and fan-out 4: each node starts its children and waits for them. */
        private static Runnable spawnTrees(Ledger ledger) {
            AtomicInteger nodes = new AtomicInteger();
            for (int tree = 0; tree < 3; tree++) {
                ledger.go(() -> spawnTree(ledger, 6, nodes));
            }
            return () -> assertEquals(3 * (1 + 4 + 16 + 64 + 256 + 1024), nodes.get(), "tree nodes");
        }

        private static void spawnTree(Ledger ledger, int depth, AtomicInteger nodes) {
            nodes.incrementAndGet();
            if (depth == 1) {
                return;
            }
            WaitGroup children = new WaitGroup();
            children.add(4);
            for (int i = 0; i < 4; i++) {
                ledger.go(() -> {
                    spawnTree(ledger, depth - 1, nodes);
                    children.done();
                });
            }
            children.await();
        }

        /**
         * Eight goroutines each start 200 that spin 10 µs: the starter's 4-slot ring overflows half
         * of itself to the global queue every few starts, and idle Ps steal half of what is left.
         */
        private static Runnable spawnBursts(Ledger ledger) {
            AtomicInteger spun = new AtomicInteger();
            for (int burst = 0; burst < 8; burst++) {
                ledger.go(() -> {
                    for (int i = 0; i < 200; i++) {
                        ledger.go(() -> {
                            long end = System.nanoTime() + 10_000;
                            while (System.nanoTime() < end) Thread.onSpinWait();
                            spun.incrementAndGet();
                        });
                    }
                });
            }
            return () -> assertEquals(8 * 200, spun.get(), "burst goroutines");
        }

        /** Four pairs that take turns 2,000 times each through LockSupport.park/unpark (runnext handoffs). */
        private static Runnable parkUnparkPairs(Ledger ledger) {
            int rounds = 2_000;
            AtomicInteger turns = new AtomicInteger();
            for (int pair = 0; pair < 4; pair++) {
                AtomicInteger turn = new AtomicInteger();
                AtomicReferenceArray<Thread> partner = new AtomicReferenceArray<>(2);
                for (int side = 0; side < 2; side++) {
                    int me = side;
                    partner.set(me, ledger.go(() -> {
                        for (int i = 0; i < rounds; i++) {
                            while (turn.get() != me) {
                                LockSupport.park();
                            }
                            turns.incrementAndGet();
                            turn.set(1 - me);
                            Thread other;
                            while ((other = partner.get(1 - me)) == null) {
                                Thread.onSpinWait(); // the partner is being started
                            }
                            LockSupport.unpark(other);
                        }
                    }));
                }
            }
            return () -> assertEquals(4 * 2 * rounds, turns.get(), "park/unpark turns");
        }

        /** Two pairs ping-pong a counter over unbuffered channels 2,000 times; each reply is the next number. */
        private static Runnable chanPingPongs(Ledger ledger) {
            int rounds = 2_000;
            AtomicInteger completed = new AtomicInteger();
            for (int pair = 0; pair < 2; pair++) {
                Chan<Integer> ping = Chan.make();
                Chan<Integer> pong = Chan.make();
                ledger.go(() -> {
                    for (int i = 0; i < rounds; i++) {
                        ping.send(2 * i);
                        assertEquals(2 * i + 1, pong.recv());
                    }
                    ping.close();
                    completed.incrementAndGet();
                });
                ledger.go(() -> {
                    for (int n : ping) {
                        pong.send(n + 1);
                    }
                });
            }
            return () -> assertEquals(2, completed.get(), "ping-pong pairs");
        }

        /** Eight producers send 1,000 numbered messages each into one 8-slot channel; one consumer checks each arrives once, in order. */
        private static Runnable bufferedFanIn(Ledger ledger) {
            int producers = 8, messages = 1_000;
            Chan<int[]> ch = Chan.make(8);
            WaitGroup sent = new WaitGroup();
            sent.add(producers);
            for (int p = 0; p < producers; p++) {
                int producer = p;
                ledger.go(() -> {
                    for (int i = 0; i < messages; i++) {
                        ch.send(new int[] {producer, i});
                    }
                    sent.done();
                });
            }
            ledger.go(() -> {
                sent.await();
                ch.close();
            });
            int[] next = new int[producers];
            AtomicInteger received = new AtomicInteger();
            ledger.go(() -> {
                for (int[] m : ch) {
                    assertEquals(next[m[0]]++, m[1], "message out of order or repeated from producer " + m[0]);
                    received.incrementAndGet();
                }
            });
            return () -> assertEquals(producers * messages, received.get(), "fan-in messages");
        }

        /** Eight goroutines Thread.yield 500 times and eight Gmp.gosched 500 times. */
        private static Runnable yieldLoops(Ledger ledger) {
            AtomicInteger yields = new AtomicInteger();
            for (int i = 0; i < 16; i++) {
                boolean gosched = i % 2 == 0;
                ledger.go(() -> {
                    for (int k = 0; k < 500; k++) {
                        if (gosched) Gmp.gosched(); else Thread.yield();
                        yields.incrementAndGet();
                    }
                });
            }
            return () -> assertEquals(16 * 500, yields.get(), "yields");
        }

        /** Sixteen goroutines sleep and parkNanos 20 times each: timers ready them from outside any P. */
        private static Runnable timers(Ledger ledger) {
            AtomicInteger wakeups = new AtomicInteger();
            for (int i = 0; i < 16; i++) {
                ledger.go(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int k = 0; k < 20; k++) {
                        if (k % 2 == 0) {
                            Thread.sleep(1);
                        } else {
                            LockSupport.parkNanos(50_000 + random.nextLong(950_000));
                        }
                        wakeups.incrementAndGet();
                    }
                });
            }
            return () -> assertEquals(16 * 20, wakeups.get(), "timer wake-ups");
        }

        /**
         * Two platform threads hand 2,000 numbers each through a 4-slot blocking queue to four
         * goroutines (platform threads unpark Gs), which pass each on to a platform collector
         * through another (Gs unpark a platform thread). Each number arrives exactly once.
         */
        private static Runnable platformThreadHandoffs(Ledger ledger) {
            int senders = 2, perSender = 2_000, consumers = 4, poison = -1;
            BlockingQueue<Integer> toGoroutines = new ArrayBlockingQueue<>(4);
            BlockingQueue<Integer> toCollector = new ArrayBlockingQueue<>(4);
            AtomicIntegerArray seen = new AtomicIntegerArray(senders * perSender);
            AtomicInteger collected = new AtomicInteger();
            for (int s = 0; s < senders; s++) {
                int base = s * perSender;
                ledger.platform(() -> {
                    for (int i = 0; i < perSender; i++) {
                        toGoroutines.put(base + i);
                    }
                });
            }
            ledger.platform(() -> {
                for (int i = 0; i < senders * perSender; i++) {
                    seen.incrementAndGet(toCollector.take());
                    collected.incrementAndGet();
                }
                for (int c = 0; c < consumers; c++) {
                    toGoroutines.put(poison);
                }
            });
            for (int c = 0; c < consumers; c++) {
                ledger.go(() -> {
                    for (int n; (n = toGoroutines.take()) != poison; ) {
                        toCollector.put(n);
                    }
                });
            }
            return () -> {
                assertEquals(senders * perSender, collected.get(), "numbers collected");
                for (int i = 0; i < seen.length(); i++) {
                    assertEquals(1, seen.get(i), "number " + i + " arrived the wrong number of times");
                }
            };
        }

        /** Eight goroutines and two platform threads increment one counter 1,000 times each under `synchronized`; some yield inside. */
        private static Runnable monitorContention(Ledger ledger) {
            Object monitor = new Object();
            long[] counter = new long[1];
            Ledger.Body body = () -> {
                for (int i = 0; i < 1_000; i++) {
                    synchronized (monitor) {
                        long before = counter[0];
                        if (i % 100 == 0) Thread.yield(); // unmounts holding the monitor
                        counter[0] = before + 1;
                    }
                }
            };
            for (int i = 0; i < 8; i++) ledger.go(body);
            for (int i = 0; i < 2; i++) ledger.platform(body);
            return () -> {
                synchronized (monitor) {
                    assertEquals(10 * 1_000, counter[0], "increments under synchronized");
                }
            };
        }

        /** The same with a ReentrantLock: its waiters park and are unparked by the releasing thread. */
        private static Runnable reentrantLockContention(Ledger ledger) {
            ReentrantLock lock = new ReentrantLock();
            AtomicLong unguarded = new AtomicLong(); // only a lock-free counter could lose nothing without the lock
            long[] counter = new long[1];
            Ledger.Body body = () -> {
                for (int i = 0; i < 1_000; i++) {
                    lock.lock();
                    try {
                        long before = counter[0];
                        if (i % 100 == 0) LockSupport.parkNanos(10_000);
                        counter[0] = before + 1;
                    } finally {
                        lock.unlock();
                    }
                    unguarded.incrementAndGet();
                }
            };
            for (int i = 0; i < 8; i++) ledger.go(body);
            for (int i = 0; i < 2; i++) ledger.platform(body);
            return () -> {
                lock.lock();
                try {
                    assertEquals(unguarded.get(), counter[0], "increments under the ReentrantLock");
                    assertEquals(10 * 1_000, counter[0], "increments under the ReentrantLock");
                } finally {
                    lock.unlock();
                }
            };
        }
    }

    /**
     * Starts goroutines (and platform threads) that record their first failure and, as their last
     * act, that they reached their end; joins them all, including those started by goroutines.
     */
    static final class Ledger {
        private static final int MAX = 1 << 14;
        private final AtomicInteger ids = new AtomicInteger();
        private final AtomicIntegerArray ends = new AtomicIntegerArray(MAX);
        private final Queue<Thread> threads = new ConcurrentLinkedQueue<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();

        @FunctionalInterface
        interface Body {
            void run() throws Exception;
        }

        Thread go(Body body) {
            Thread t = Gmp.go(wrap(body));
            threads.add(t); // before the caller (for a child: its parent) can end
            return t;
        }

        void platform(Body body) {
            threads.add(Thread.ofPlatform().daemon().start(wrap(body)));
        }

        private Runnable wrap(Body body) {
            int id = ids.getAndIncrement();
            if (id >= MAX) {
                throw new IllegalStateException("more than " + MAX + " threads in one stress run");
            }
            return () -> {
                try {
                    body.run();
                    ends.incrementAndGet(id);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            };
        }

        /** Joins every thread, also those started while joining; fails with a dump on a hang or a failure. */
        void joinAll(Duration limit) throws InterruptedException {
            long deadline = System.nanoTime() + limit.toNanos();
            for (Thread t; (t = threads.poll()) != null; ) {
                SchedulerInvariants.join(t, Duration.ofNanos(Math.max(1, deadline - System.nanoTime())), "stress thread");
                Throwable e = failure.get();
                if (e != null) {
                    throw new AssertionError("a stress thread failed", e);
                }
            }
        }

        void assertEachRanOnceToItsEnd() {
            for (int i = 0; i < ids.get(); i++) {
                assertEquals(1, ends.get(i), "thread " + i + " reached its end the wrong number of times");
            }
        }

        int count() {
            return ids.get();
        }
    }
}

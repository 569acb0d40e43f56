package dev.gmp;

import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Programs run in a forked JVM by {@link DeadlockReportTest}: one that deadlocks (every G parked in
 * a channel, select or WaitGroup), one that deadlocks and is then rescued by a thread gmp cannot
 * see, and near misses that must not be reported.
 */
public final class DeadlockScenarios {
    private DeadlockScenarios() {}

    /** Printed when a scenario that must be reported was not. */
    static final String NOT_REPORTED = "NO DEADLOCK REPORTED";

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "all-asleep" -> allAsleep();
            case "report-and-recover" -> reportAndRecover();
            case "near-misses" -> nearMisses();
            case "main-sends-late" -> mainSendsLate();
            default -> throw new IllegalArgumentException("unknown scenario " + args[0]);
        }
    }

    /**
     * Every G parks for good, each in a different gmp primitive; a platform thread parks on a
     * channel and the main thread joins a G, so no thread outside the goroutines can act either.
     */
    private static void allAsleep() throws InterruptedException {
        Thread first = Gmp.go(() -> Chan.<Integer>make().recv());
        Gmp.go(() -> Chan.<Integer>make().send(1));
        Gmp.go(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(1);
            wg.await();
        });
        Gmp.go(() -> Select.of().recv(Chan.<Integer>make(), v -> {}).recv(Chan.<Integer>make(), v -> {}).run());
        Gmp.go(() -> Select.of().run()); // Go's select {}
        Thread.ofPlatform().daemon().start(() -> Chan.<Integer>make().recv());
        first.join(); // a missed report leaves the JVM here until the test's fork times out
    }

    /**
     * The program: a G waits on a channel while the main platform thread sleeps 1.5 s
     * (fifteen detector rounds), then sends. Every G is asleep all that time, yet the program works.
     */
    private static void mainSendsLate() throws InterruptedException {
        Chan<String> ch = Chan.make();
        Thread receiver = Gmp.go(() -> System.out.println("received " + ch.recv()));
        Thread.sleep(1_500);
        ch.send("late");
        receiver.join();
    }

    /**
     * A G deadlocks while the main thread joins it; the report shows in the snapshot; then a
     * virtual thread on the JDK's scheduler, which gmp cannot enumerate, rescues the G. Report
     * mode tolerates such a rescue: the report is cleared once the counters move.
     */
    private static void reportAndRecover() throws InterruptedException {
        Chan<String> ch = Chan.make();
        Thread g = Gmp.go(ch::recv);
        Thread rescuer = Thread.ofVirtual().start(() -> {
            try {
                if (!waitForReport(true)) {
                    System.out.println(NOT_REPORTED);
                    System.exit(1);
                }
                System.out.println("REPORTED IN SNAPSHOT");
                ch.close();
                if (!waitForReport(false)) {
                    System.out.println("REPORT NOT CLEARED");
                    System.exit(1);
                }
                System.out.println("CLEARED");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        g.join();
        rescuer.join();
        System.exit(0);
    }

    private static boolean waitForReport(boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Gmp.snapshot().deadlock().isEmpty() != present) {
                return true;
            }
            Thread.sleep(10);
        }
        return false;
    }

    /**
     * Run with -Dgmp.deadlock=exit: each step leaves one G parked on a channel for 600 ms (six
     * detector rounds) while something gmp cannot see through will wake it. A false report halts
     * the JVM with status 2; success prints OK and exits 0.
     */
    private static void nearMisses() throws InterruptedException {
        long pause = 600;

        // A G sleeping is live and not parked in gmp.
        Chan<Integer> ch1 = Chan.make();
        Thread receiver = Gmp.go(ch1::recv);
        Thread sleeper = Gmp.go(() -> {
            sleep(pause);
            ch1.send(1);
        });
        receiver.join();
        sleeper.join();

        // A pending timer will wake its G, which then wakes the other.
        Chan<Integer> ch2 = Chan.make();
        receiver = Gmp.go(ch2::recv);
        Thread timed = Gmp.go(() -> {
            Gmp.after(Duration.ofMillis(pause)).recv();
            ch2.send(2);
        });
        receiver.join();
        timed.join();

        // A platform thread parked in a gmp primitive may be woken from outside gmp.
        Chan<Integer> ch3 = Chan.make();
        Chan<Integer> outside = Chan.make();
        receiver = Gmp.go(ch3::recv);
        Thread platform = Thread.ofPlatform().start(() -> ch3.send(outside.recv()));
        sleep(pause);
        outside.send(3);
        receiver.join();
        platform.join();

        // A G waiting for a lock (not a gmp primitive) is not parked in gmp.
        Chan<Integer> ch4 = Chan.make();
        ReentrantLock lock = new ReentrantLock();
        lock.lock();
        receiver = Gmp.go(ch4::recv);
        Thread locker = Gmp.go(() -> {
            lock.lock();
            try {
                ch4.send(4);
            } finally {
                lock.unlock();
            }
        });
        sleep(pause);
        lock.unlock();
        receiver.join();
        locker.join();

        // A running ticker is a pending timer.
        Ticker ticker = new Ticker(Duration.ofMillis(pause / 3));
        Thread ticked = Gmp.go(() -> {
            for (int i = 0; i < 3; i++) {
                ticker.chan().recv();
            }
        });
        ticked.join();
        ticker.stop();

        System.out.println("OK");
        System.exit(0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

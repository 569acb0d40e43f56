package dev.gmp.sched;

import dev.gmp.Chan;
import dev.gmp.Gmp;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Pairs of goroutines that hand the P to each other through runnext until {@code stop}: the chains
 * that inherit one time slice forever unless sysmon bounds it. Stop them with {@link #stop}.
 */
public final class RunnextChains {
    private RunnextChains() {}

    /** Two goroutines that take turns with park/unpark: each unpark puts the partner in runnext. */
    public static List<Thread> parkUnpark(AtomicBoolean stop) {
        AtomicInteger turn = new AtomicInteger();
        AtomicReferenceArray<Thread> pair = new AtomicReferenceArray<>(2);
        for (int side = 0; side < 2; side++) {
            int me = side;
            pair.set(me, Gmp.go(() -> {
                while (!stop.get()) {
                    while (turn.get() != me && !stop.get()) {
                        LockSupport.park();
                    }
                    turn.set(1 - me);
                    LockSupport.unpark(partner(pair, me));
                }
                LockSupport.unpark(partner(pair, me));
            }));
        }
        return List.of(pair.get(0), pair.get(1));
    }

    private static Thread partner(AtomicReferenceArray<Thread> pair, int me) {
        Thread other;
        while ((other = pair.get(1 - me)) == null) {
            Thread.onSpinWait(); // the partner is being started
        }
        return other;
    }

    /** Two goroutines that ping-pong a number over unbuffered channels (the native runnext hand-off). */
    public static List<Thread> channelPingPong(AtomicBoolean stop) {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Thread a = Gmp.go(() -> {
            int n = 0;
            while (!stop.get()) {
                ping.send(n);
                n = pong.recv();
            }
            ping.close();
        });
        Thread b = Gmp.go(() -> {
            for (int n : ping) {
                pong.send(n + 1);
            }
        });
        return List.of(a, b);
    }

    /** Sets {@code stop} and wakes the chains' goroutines so they see it. */
    public static void stop(AtomicBoolean stop, List<Thread> chains) {
        stop.set(true);
        for (Thread t : chains) {
            LockSupport.unpark(t);
        }
    }
}

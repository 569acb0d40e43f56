package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * With one P, a virtual thread parks where it cannot unmount (inside a class initializer: the JVM's
 * frame below it pins it), and the thread that would unpark it is started after it. Prints
 * {@code pinnedParkReleased=true} when the second thread got a P while the first held its M.
 */
public final class PinnedParkApp {
    private static volatile Thread waiter;
    private static volatile boolean released;

    /** Its initializer parks until {@link #released}: the park is pinned. */
    private static final class ParksInItsInitializer {
        static {
            waiter = Thread.currentThread();
            while (!released) {
                LockSupport.park();
            }
        }

        static void touch() {}
    }

    public static void main(String[] args) throws Exception {
        Gmp.gomaxprocs(1);
        Thread pinned = Thread.ofVirtual().start(ParksInItsInitializer::touch);
        while (waiter == null) {
            Thread.sleep(1);
        }
        Thread.sleep(50); // parked by now, holding the only M that has the P
        Thread.ofVirtual().start(() -> {
            released = true;
            LockSupport.unpark(waiter);
        });
        System.out.println("pinnedParkReleased=" + pinned.join(Duration.ofSeconds(10)));
        System.exit(0); // the pinned thread may still be parked when it is not released
    }
}

package dev.gmp.web;

import dev.gmp.Gmp;
import dev.gmp.GoroutineGroup;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** A goroutine parked on a distinctive blocker inside a distinctively named method, for dump tests. */
final class ParkedGoroutine implements AutoCloseable {
    static final String METHOD = "parkedForTheDashboardTest";
    static final String WAIT_REASON = "park on " + DashboardTestBlocker.class.getSimpleName();

    /** The park blocker; the dump names its class as the wait reason. */
    static final class DashboardTestBlocker {}

    private volatile boolean released;
    private final Thread thread;

    ParkedGoroutine() {
        thread = Gmp.go(this::parkedForTheDashboardTest);
        Await.until("the test goroutine parks", Duration.ofSeconds(20),
                () -> thread.getState() == Thread.State.WAITING && group() != null);
    }

    private void parkedForTheDashboardTest() {
        DashboardTestBlocker blocker = new DashboardTestBlocker();
        while (!released) {
            LockSupport.park(blocker);
        }
    }

    /** Its group in {@link Gmp#goroutines()}, or null if not (yet) listed. */
    static GoroutineGroup group() {
        return Gmp.goroutines().stream()
                .filter(g -> g.stack().stream().anyMatch(frame -> frame.contains(METHOD)))
                .findFirst().orElse(null);
    }

    long goid() {
        return group().goids().getFirst();
    }

    @Override
    public void close() {
        released = true;
        LockSupport.unpark(thread);
        try {
            thread.join(Duration.ofSeconds(20));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.gmp.jdk;

import java.lang.invoke.MethodHandles;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the timeouts of gmp's goroutines to gmp's timers when gmp runs as a library. JDK 25 arms
 * the timeout of a virtual thread's timed park (sleep, parkNanos, timed j.u.c. waits, timed
 * Object.wait) in the private {@code VirtualThread.schedule}: on its ForkJoinPool for the default
 * scheduler, and for any other scheduler on the static queues of
 * {@code VirtualThread$DelayedTaskSchedulers}, one ScheduledThreadPoolExecutor per 4 CPUs whose
 * thread unparks each sleeper from outside the scheduler. A 2-core sleep storm on those queues ran
 * 3 times slower than under the agent (which hooks {@code schedule} itself) and 1.8 times slower
 * than the JDK's own scheduler: every timeout went through one lock and came back as an injection.
 *
 * <p>The queues sit in a static final array whose elements the JDK reads at each timeout
 * ({@code INSTANCE[tid & (n - 1)]}). {@link #redirect} wraps each element: a timeout armed by a
 * goroutine becomes a gmp timer on the P it parks on (as with the agent), anything else goes to the
 * JDK's executor unchanged. The wrapper's fields are final, so a thread that reads the new element
 * without synchronisation sees it whole.
 */
public final class JdkTimerQueues {
    private JdkTimerQueues() {}

    /** Arms a goroutine's timeout; null when the caller is not a goroutine of gmp. */
    @FunctionalInterface
    public interface TimedParks {
        ScheduledFuture<?> arm(Runnable timeout, long delayNanos);
    }

    private static final String QUEUES = "java.lang.VirtualThread$DelayedTaskSchedulers";

    /**
     * Wraps the JDK's delayed-task queues once (later calls change nothing); returns null, or why the
     * queues could not be reached (timed parks then keep the JDK's queues).
     */
    public static synchronized String redirect(TimedParks gmp) {
        ScheduledExecutorService[] queues;
        try {
            queues = queues();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // LinkageError: the holder's initialiser failed, e.g. on a bad
            // -Djdk.virtualThreadScheduler.timerQueues (the JDK's own timed parks fail on it too),
            // whose message, the cause, says what is valid.
            return (e.getCause() != null ? e.getCause() : e).toString();
        }
        for (int i = 0; i < queues.length; i++) {
            if (!(queues[i] instanceof GoroutinesFirst)) {
                queues[i] = new GoroutinesFirst(gmp, queues[i]);
            }
        }
        return null;
    }

    /** Whether every one of the JDK's queues is wrapped: for tests. */
    static boolean redirected() throws ReflectiveOperationException {
        for (ScheduledExecutorService queue : queues()) {
            if (!(queue instanceof GoroutinesFirst)) {
                return false;
            }
        }
        return true;
    }

    /** The JDK's array itself (initialising its holder creates the executors, which start no thread yet). */
    private static ScheduledExecutorService[] queues() throws ReflectiveOperationException {
        Class<?> holder = Class.forName(QUEUES);
        return (ScheduledExecutorService[]) MethodHandles.privateLookupIn(holder, MethodHandles.lookup())
                .findStaticVarHandle(holder, "INSTANCE", ScheduledExecutorService[].class).get();
    }

    /** One JDK queue, wrapped: a goroutine's one-shot task goes to gmp, everything else to the JDK's. */
    private static final class GoroutinesFirst implements ScheduledExecutorService {
        private final TimedParks gmp;
        private final ScheduledExecutorService jdk;

        GoroutinesFirst(TimedParks gmp, ScheduledExecutorService jdk) {
            this.gmp = gmp;
            this.jdk = jdk;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            ScheduledFuture<?> timer = gmp.arm(command, unit.toNanos(delay));
            return timer != null ? timer : jdk.schedule(command, delay, unit);
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            return jdk.schedule(callable, delay, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            return jdk.scheduleAtFixedRate(command, initialDelay, period, unit);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
            return jdk.scheduleWithFixedDelay(command, initialDelay, delay, unit);
        }

        @Override
        public void execute(Runnable command) {
            jdk.execute(command);
        }

        @Override
        public void shutdown() {
            jdk.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return jdk.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return jdk.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return jdk.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return jdk.awaitTermination(timeout, unit);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return jdk.submit(task);
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return jdk.submit(task, result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return jdk.submit(task);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return jdk.invokeAll(tasks);
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return jdk.invokeAll(tasks, timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks) throws InterruptedException, ExecutionException {
            return jdk.invokeAny(tasks);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return jdk.invokeAny(tasks, timeout, unit);
        }

        @Override
        public String toString() {
            return "gmp timers for goroutines, else " + jdk;
        }
    }
}

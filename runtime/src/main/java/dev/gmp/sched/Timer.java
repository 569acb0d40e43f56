package dev.gmp.sched;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One timer of the scheduler (Go's runtime timer): a task run by an M from a P's
 * {@link TimerHeap} once its deadline passes, once or every {@code period}. Made by
 * {@link PTimers#schedule}. A {@link ScheduledFuture} because that is what the JDK keeps for a
 * virtual thread's timed park and cancels when the thread resumes early (a Future through the
 * agent's hook, a ScheduledFuture through the JDK's delayed-task queues, see JdkTimerQueues).
 *
 * <p>State: PENDING → RUNNING → FIRED for a one-shot timer; a periodic one goes back from RUNNING
 * to PENDING after each run. {@link #cancel} moves PENDING (or a periodic RUNNING) to CANCELLED.
 * Every change is a CAS, so a timer that is cancelled as it comes due either runs or is cancelled,
 * never both: a cancelled sleeper gets no stale unpark.
 *
 * <p>{@link #when}, {@link #heap}, {@link #inHeap} and {@link #next} belong to whoever owns the
 * heap or inbox the timer is in (see TimerHeap, PTimers); {@link #cancel} reads {@code heap} racily,
 * only to count the cancellation against it.
 */
public final class Timer implements ScheduledFuture<Void> {
    static final int PENDING = 0, RUNNING = 1, FIRED = 2, CANCELLED = 3;

    private final Runnable task;
    /** Nanoseconds between runs, or 0 for a one-shot timer. */
    final long period;
    /** The deadline, a {@link TimerHeap#now()} value. */
    long when;
    TimerHeap heap;
    boolean inHeap;
    /** Next timer in the inbox stack (PTimers). */
    Timer next;

    private volatile int state = PENDING;
    /** Threads blocked in get(); fire and cancel notify only when there are some. */
    private volatile int waiters;

    Timer(Runnable task, long when, long period) {
        this.task = task;
        this.when = when;
        this.period = period;
    }

    boolean isPending() {
        return state == PENDING;
    }

    /**
     * Runs the task if the timer is still pending; returns whether it ran. A periodic timer that
     * was not cancelled during the run is pending again afterwards (the caller re-arms it). The
     * task must not throw; if it does, the timer still completes and the exception propagates.
     */
    boolean fire() {
        if (!STATE.compareAndSet(this, PENDING, RUNNING)) {
            return false;
        }
        try {
            task.run();
        } finally {
            if (period == 0) {
                state = FIRED;
                signalDone();
            } else if (!STATE.compareAndSet(this, RUNNING, PENDING)) {
                signalDone(); // cancelled while running: it stays cancelled
            }
        }
        return true;
    }

    /**
     * Stops the timer: a pending run will not happen. Returns true when this call prevented a run
     * (Future's contract); false when the timer already ran, was cancelled, or is running now. A
     * periodic timer cancelled while running finishes that run and is not re-armed.
     */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        while (true) {
            int s = state;
            if (s == PENDING) {
                if (STATE.compareAndSet(this, PENDING, CANCELLED)) {
                    TimerHeap h = heap;
                    if (h != null) {
                        h.noteCancelled();
                    }
                    signalDone();
                    return true;
                }
            } else if (s == RUNNING && period != 0) {
                if (STATE.compareAndSet(this, RUNNING, CANCELLED)) {
                    return false;
                }
            } else {
                return false;
            }
        }
    }

    /** Time left to the deadline (negative once due); a periodic timer's next run. */
    @Override
    public long getDelay(TimeUnit unit) {
        return unit.convert(when - TimerHeap.now(), TimeUnit.NANOSECONDS);
    }

    @Override
    public int compareTo(Delayed other) {
        return other == this ? 0 : Long.compare(getDelay(TimeUnit.NANOSECONDS), other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean isCancelled() {
        return state == CANCELLED;
    }

    @Override
    public boolean isDone() {
        int s = state;
        return s == FIRED || s == CANCELLED;
    }

    @Override
    public Void get() throws InterruptedException, ExecutionException {
        try {
            return get(Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (TimeoutException never) {
            throw new IllegalStateException("an unbounded wait timed out", never);
        }
    }

    @Override
    public Void get(long timeout, TimeUnit unit) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + Math.min(unit.toNanos(timeout), TimerHeap.MAX_DELAY_NANOS);
        synchronized (this) {
            waiters++;
            try {
                while (!isDone()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new TimeoutException("timer " + this + " still pending");
                    }
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                }
            } finally {
                waiters--;
            }
        }
        if (state == CANCELLED) {
            throw new CancellationException("timer cancelled");
        }
        return null;
    }

    private void signalDone() {
        if (waiters != 0) {
            synchronized (this) {
                notifyAll();
            }
        }
    }

    @Override
    public String toString() {
        String[] names = {"pending", "running", "fired", "cancelled"};
        return "Timer[" + names[state] + ", due " + when + (period == 0 ? "" : ", every " + period + " ns") + "]";
    }

    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(Timer.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

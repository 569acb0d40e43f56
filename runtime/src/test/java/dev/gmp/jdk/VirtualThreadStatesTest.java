package dev.gmp.jdk;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.Gmp;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The repairs of a goroutine that the JDK's own code left where nothing wakes it. The JDK's states
 * are set here as its failed code leaves them (an exhausted heap cannot be made on cue): the test
 * shows that state is stuck without the repair and runs again with it.
 */
class VirtualThreadStatesTest {
    private static final VarHandle PARK_PERMIT;

    static {
        try {
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            PARK_PERMIT = MethodHandles.privateLookupIn(vt, MethodHandles.lookup())
                    .findVarHandle(vt, "parkPermit", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * A stack walk suspends an unmounted thread; an unpark meanwhile only sets the permit, which the
     * JDK checks after the walk, unless the walk threw. That leaves a parked thread with its permit.
     */
    @Test
    void aParkedGoroutineLeftWithItsPermitByAFailedStackWalkRunsAgain() throws Exception {
        Thread parked = parkedGoroutine();
        PARK_PERMIT.setVolatile(parked, true); // the unpark that came during the walk
        assertFalse(parked.join(Duration.ofMillis(200)), "without the repair nothing wakes it");

        assertTrue(VirtualThreadStates.runnableAfterFailedStackWalk(parked), "its wake-up is found");
        VirtualThreads.scheduler(parked).execute(VirtualThreads.runContinuation(parked));
        assertTrue(parked.join(Duration.ofSeconds(10)), "it runs again and finishes");
    }

    @Test
    void aParkedGoroutineWithoutAPermitIsLeftParked() throws Exception {
        Thread parked = parkedGoroutine();
        assertFalse(VirtualThreadStates.runnableAfterFailedStackWalk(parked), "nobody woke it");
        assertFalse(parked.join(Duration.ofMillis(100)));
        LockSupport.unpark(parked);
        assertTrue(parked.join(Duration.ofSeconds(10)), "an unpark still wakes it as usual");
    }

    @Test
    void aGoroutineThatIsNotHalfwayIntoAParkIsNotWoken() throws Exception {
        Thread parked = parkedGoroutine();
        assertFalse(VirtualThreadStates.wakeAfterFailedYield(parked), "PARKED is a finished park");
        assertFalse(VirtualThreadStates.wakeAfterFailedYield(Thread.currentThread()), "a platform thread");
        LockSupport.unpark(parked);
        assertTrue(parked.join(Duration.ofSeconds(10)));
    }

    @Test
    void aStackWalkThatSucceedsIsTheJdksOwn() throws Exception {
        Thread parked = parkedGoroutine();
        StackTraceElement[] stack = VirtualThreads.stackTrace(parked);
        assertTrue(stack.length > 0 && stack[stack.length - 1].toString().contains("VirtualThread"),
                java.util.Arrays.toString(stack));
        LockSupport.unpark(parked);
        assertTrue(parked.join(Duration.ofSeconds(10)));
    }

    /** A goroutine parked in LockSupport.park, in the JDK's PARKED state. */
    private static Thread parkedGoroutine() throws InterruptedException {
        Thread t = Gmp.go(LockSupport::park);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() < deadline, t + " never parked, is " + t.getState());
            Thread.sleep(1);
        }
        return t;
    }
}

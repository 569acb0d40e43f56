package dev.gmp.agent.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.Gmp;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The bridge in library mode (the surefire JVM opens java.lang to the class path): its syscall
 * brackets and the downcall wrapper, seen through the runtime's counters.
 */
class GmpBridgeTest {
    static int addOne(int x) {
        return x + 1;
    }

    static void fail(String message) {
        throw new IllegalStateException(message);
    }

    private static final MethodHandle ADD_ONE = handle("addOne", MethodType.methodType(int.class, int.class));
    private static final MethodHandle FAIL = handle("fail", MethodType.methodType(void.class, String.class));

    private static MethodHandle handle(String name, MethodType type) {
        try {
            return MethodHandles.lookup().findStatic(GmpBridgeTest.class, name, type);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Runs {@code body} in a goroutine and returns how many syscalls the scheduler counted meanwhile. */
    private static long syscallsIn(ThrowingRunnable body) throws Exception {
        long[] delta = new long[1];
        Throwable[] failure = new Throwable[1];
        Gmp.go(() -> {
            long before = Gmp.snapshot().totals().syscalls();
            try {
                body.run();
            } catch (Throwable t) {
                failure[0] = t;
            }
            delta[0] = Gmp.snapshot().totals().syscalls() - before;
        }).join();
        if (failure[0] != null) {
            throw new AssertionError(failure[0]);
        }
        return delta[0];
    }

    interface ThrowingRunnable {
        void run() throws Throwable;
    }

    @Test
    void aGoroutineEntersAndLeavesASyscall() throws Exception {
        assertEquals(1, syscallsIn(() -> {
            assertTrue(GmpBridge.enterSyscall());
            GmpBridge.exitSyscall();
        }));
    }

    @Test
    void aPlatformThreadNeverEntersASyscall() {
        assertFalse(GmpBridge.enterSyscall());
    }

    @Test
    void nestedBracketsAreOneSyscall() throws Exception {
        assertEquals(1, syscallsIn(() -> {
            assertTrue(GmpBridge.enterSyscall());
            assertTrue(GmpBridge.enterSyscall());
            GmpBridge.exitSyscall();
            GmpBridge.exitSyscall();
        }));
    }

    @Test
    void aWrappedDowncallKeepsItsTypeAndResultAndIsASyscall() throws Exception {
        MethodHandle wrapped = GmpBridge.wrapDowncall(ADD_ONE, new Object[] {null, new Linker.Option[0]});
        assertEquals(ADD_ONE.type(), wrapped.type());
        int[] result = new int[1];
        assertEquals(1, syscallsIn(() -> result[0] = (int) wrapped.invokeExact(41)));
        assertEquals(42, result[0]);
    }

    @Test
    void aWrappedDowncallThatThrowsStillLeavesTheSyscall() throws Exception {
        MethodHandle wrapped = GmpBridge.wrapDowncall(FAIL, new Object[] {null, new Linker.Option[0]});
        AtomicLong afterwards = new AtomicLong();
        assertEquals(2, syscallsIn(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
                wrapped.invokeExact("boom"); // a statement: the call site type is (String)void
            });
            assertEquals("boom", e.getMessage());
            // had the failed call left the G inside its syscall, this bracket would be nested and not count
            assertTrue(GmpBridge.enterSyscall());
            GmpBridge.exitSyscall();
            afterwards.incrementAndGet();
        }));
        assertEquals(1, afterwards.get());
    }

    @Test
    void criticalDowncallsAreLeftAlone() {
        Object[] linkArgs = {FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                new Linker.Option[] {Linker.Option.critical(false)}};
        assertSame(ADD_ONE, GmpBridge.wrapDowncall(ADD_ONE, linkArgs));
        assertNotSame(ADD_ONE, GmpBridge.wrapDowncall(ADD_ONE, new Object[] {linkArgs[0], new Linker.Option[0]}));
    }

    /**
     * The scheduler bean's counts are gmp's plus the JDK pool's, which still carries the virtual
     * threads started before an attach: a G spinning on gmp and a virtual thread spinning on the
     * JDK's scheduler are both mounted.
     */
    @Test
    void theBeansCountsAddTheJdksPoolToGmps() throws Exception {
        var spinning = new java.util.concurrent.atomic.AtomicBoolean(true);
        var started = new java.util.concurrent.CountDownLatch(2);
        Runnable spin = () -> {
            started.countDown();
            while (spinning.get()) {
                Thread.onSpinWait();
            }
        };
        Thread onGmp = Gmp.go(spin);
        Thread onJdk = Thread.ofVirtual().start(spin); // no agent here: the JDK's scheduler
        try {
            assertTrue(started.await(10, java.util.concurrent.TimeUnit.SECONDS));
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (GmpBridge.mountedVirtualThreadCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(GmpBridge.mountedVirtualThreadCount() >= 2, "mounted: " + GmpBridge.mountedVirtualThreadCount());
            assertTrue(GmpBridge.virtualThreadPoolSize() >= 2, "pool size: " + GmpBridge.virtualThreadPoolSize());
            assertTrue(GmpBridge.queuedVirtualThreadCount() >= 0);
        } finally {
            spinning.set(false);
            onGmp.join();
            onJdk.join();
        }
    }
}

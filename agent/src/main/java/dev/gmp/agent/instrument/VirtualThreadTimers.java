package dev.gmp.agent.instrument;

import java.lang.classfile.CodeTransform;
import java.lang.constant.ClassDesc;

/**
 * A hook on {@code java.lang.VirtualThread.schedule(Runnable, long, TimeUnit)}, the one point where
 * JDK 25 arms the timeout of a virtual thread's timed park (Thread.sleep, LockSupport.parkNanos,
 * timed j.u.c. waits) and timed Object.wait. The JDK sends it to its ForkJoinPool scheduler or,
 * for any custom scheduler, to its own pool of unparker threads, whose wake-ups reach gmp from a
 * platform thread; with the hook, a goroutine's timeout becomes a timer on the P it parked on:
 *
 * <pre>{@code
 * Future<?> timer = GmpBridge.scheduleTimer(this.scheduler, command, delay, unit);
 * if (timer != null) return timer;
 * ... the JDK's body
 * }</pre>
 *
 * JDK 25 has no scheduler interface for delayed tasks (its custom-scheduler path is this private
 * method), hence a hook. The JDK cancels the returned Future when the thread resumes early.
 */
final class VirtualThreadTimers {
    private VirtualThreadTimers() {}

    static final String TYPE = "java.lang.VirtualThread";
    static final String METHOD = "schedule";
    static final String DESCRIPTOR = "(Ljava/lang/Runnable;JLjava/util/concurrent/TimeUnit;)Ljava/util/concurrent/Future;";
    private static final ClassDesc VIRTUAL_THREAD = ClassDesc.of(TYPE);

    /** For the instance method above; a new transform for each method body. */
    static CodeTransform hook() {
        return ReturnIfNonNull.of(code -> {
            code.aload(0).getfield(VIRTUAL_THREAD, "scheduler", BridgeCalls.CD_EXECUTOR);
            code.aload(code.parameterSlot(0)).lload(code.parameterSlot(1)).aload(code.parameterSlot(2));
            BridgeCalls.scheduleTimer(code);
        });
    }
}

package dev.gmp.agent.instrument;

import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_byte;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import dev.gmp.agent.boot.GmpBridge;
import java.lang.classfile.CodeBuilder;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The calls to {@link GmpBridge} that the agent writes into instrumented methods, in the JDK's
 * class-file API. The bridge is on the bootstrap class path, so JDK and application classes alike
 * link to it; it takes and returns JDK types only.
 */
final class BridgeCalls {
    private BridgeCalls() {}

    static final ClassDesc BRIDGE = ClassDesc.of(GmpBridge.class.getName());
    static final ClassDesc CD_THREAD = ClassDesc.of(Thread.class.getName());
    static final ClassDesc CD_EXECUTOR = ClassDesc.of(Executor.class.getName());
    static final ClassDesc CD_RUNNABLE = ClassDesc.of(Runnable.class.getName());
    static final ClassDesc CD_FUTURE = ClassDesc.of(Future.class.getName());
    static final ClassDesc CD_TIME_UNIT = ClassDesc.of(TimeUnit.class.getName());
    static final ClassDesc CD_METHOD_HANDLE = ClassDesc.of("java.lang.invoke.MethodHandle");

    /** {@code boolean GmpBridge.enterSyscall()} */
    static void enterSyscall(CodeBuilder code) {
        code.invokestatic(BRIDGE, "enterSyscall", MethodTypeDesc.of(CD_boolean));
    }

    /** {@code boolean GmpBridge.carrierHasQueuedWork()} */
    static void carrierHasQueuedWork(CodeBuilder code) {
        code.invokestatic(BRIDGE, "carrierHasQueuedWork", MethodTypeDesc.of(CD_boolean));
    }

    /** {@code void GmpBridge.exitSyscall()} */
    static void exitSyscall(CodeBuilder code) {
        code.invokestatic(BRIDGE, "exitSyscall", MethodTypeDesc.of(CD_void));
    }

    /** {@code boolean GmpBridge.exitSyscallOnGmpCarrier()} */
    static void exitSyscallOnGmpCarrier(CodeBuilder code) {
        code.invokestatic(BRIDGE, "exitSyscallOnGmpCarrier", MethodTypeDesc.of(CD_boolean));
    }

    /** {@code Executor GmpBridge.schedulerForNewVirtualThread(Runnable task)} */
    static void schedulerForNewVirtualThread(CodeBuilder code) {
        code.invokestatic(BRIDGE, "schedulerForNewVirtualThread", MethodTypeDesc.of(CD_EXECUTOR, CD_RUNNABLE));
    }

    /** {@code void GmpBridge.bindNewVirtualThread(Executor, Thread)} */
    static void bindNewVirtualThread(CodeBuilder code) {
        code.invokestatic(BRIDGE, "bindNewVirtualThread", MethodTypeDesc.of(CD_void, CD_EXECUTOR, CD_THREAD));
    }

    /** {@code Future GmpBridge.scheduleTimer(Executor scheduler, Runnable task, long delay, TimeUnit unit)} */
    static void scheduleTimer(CodeBuilder code) {
        code.invokestatic(BRIDGE, "scheduleTimer", MethodTypeDesc.of(CD_FUTURE, CD_EXECUTOR, CD_RUNNABLE, CD_long, CD_TIME_UNIT));
    }

    /** {@code boolean GmpBridge.schedulesVirtualThreads()} */
    static void schedulesVirtualThreads(CodeBuilder code) {
        code.invokestatic(BRIDGE, "schedulesVirtualThreads", MethodTypeDesc.of(CD_boolean));
    }

    /** {@code byte[] GmpBridge.jcmdSchedulerReport()} */
    static void jcmdSchedulerReport(CodeBuilder code) {
        code.invokestatic(BRIDGE, "jcmdSchedulerReport", MethodTypeDesc.of(CD_byte.arrayType()));
    }

    /** {@code MethodHandle GmpBridge.wrapDowncall(MethodHandle, Object[])} */
    static void wrapDowncall(CodeBuilder code) {
        code.invokestatic(BRIDGE, "wrapDowncall",
                MethodTypeDesc.of(CD_METHOD_HANDLE, CD_METHOD_HANDLE, CD_Object.arrayType()));
    }
}

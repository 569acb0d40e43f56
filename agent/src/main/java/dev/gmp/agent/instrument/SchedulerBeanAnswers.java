package dev.gmp.agent.instrument;

import static java.lang.constant.ConstantDescs.CD_boolean;
import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.MethodTypeDesc;
import java.util.List;

/**
 * The JDK's {@code jdk.management.VirtualThreadSchedulerMXBean} describes gmp, not the
 * ForkJoinPool that no longer runs the application's virtual threads. Spring Boot's process info,
 * JMX consoles and exporters read it (parallelism, carrier threads, mounted and queued virtual
 * threads), and code tunes the scheduler through its {@code setParallelism}, which becomes
 * GOMAXPROCS: the JDK's own tests raise it to 2 before pinning a carrier on purpose.
 *
 * <p>Each method of the JDK's implementation starts with
 * <pre>{@code
 * if (GmpBridge.schedulesVirtualThreads()) return GmpBridge.<answer>(args);
 * }</pre>
 * so the JDK's own answer stands until gmp's scheduler runs, and again if it cannot be asked.
 */
final class SchedulerBeanAnswers {
    private SchedulerBeanAnswers() {}

    /** The bean's implementation when virtual threads have continuations (module jdk.management). */
    static final String TYPE = "com.sun.management.internal.VirtualThreadSchedulerImpls$VirtualThreadSchedulerImpl";

    /** One method of the bean and the bridge method that answers it, with the same descriptor. */
    record Answer(String method, MethodTypeDesc type, String bridgeMethod) {}

    static final List<Answer> ANSWERS = List.of(
            new Answer("getParallelism", MethodTypeDesc.of(CD_int), "virtualThreadParallelism"),
            new Answer("setParallelism", MethodTypeDesc.of(CD_void, CD_int), "setVirtualThreadParallelism"),
            new Answer("getPoolSize", MethodTypeDesc.of(CD_int), "virtualThreadPoolSize"),
            new Answer("getMountedVirtualThreadCount", MethodTypeDesc.of(CD_int), "mountedVirtualThreadCount"),
            new Answer("getQueuedVirtualThreadCount", MethodTypeDesc.of(CD_long), "queuedVirtualThreadCount"));

    static List<MethodHook> hooks() {
        return ANSWERS.stream()
                .map(answer -> new MethodHook(TYPE, MethodHook.named(answer.method(), answer.type().descriptorString()),
                        method -> answeredByGmp(answer)))
                .toList();
    }

    /** For an instance method whose parameters the bridge method takes unchanged. */
    private static CodeTransform answeredByGmp(Answer answer) {
        return new CodeTransform() {
            @Override
            public void atStart(CodeBuilder code) {
                Label jdk = code.newLabel();
                code.invokestatic(BridgeCalls.BRIDGE, "schedulesVirtualThreads", MethodTypeDesc.of(CD_boolean));
                code.ifeq(jdk);
                MethodTypeDesc type = answer.type();
                for (int i = 0; i < type.parameterCount(); i++) {
                    code.loadLocal(TypeKind.from(type.parameterType(i)), code.parameterSlot(i));
                }
                code.invokestatic(BridgeCalls.BRIDGE, answer.bridgeMethod(), type);
                code.return_(TypeKind.from(type.returnType()));
                code.labelBinding(jdk);
            }

            @Override
            public void accept(CodeBuilder code, CodeElement element) {
                code.with(element);
            }
        };
    }
}

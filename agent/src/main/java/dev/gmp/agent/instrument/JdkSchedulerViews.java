package dev.gmp.agent.instrument;

import static java.lang.constant.ConstantDescs.CD_int;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.constant.MethodTypeDesc;
import java.util.ArrayList;
import java.util.List;

/**
 * The JDK's own views of its virtual-thread scheduler describe gmp, not the ForkJoinPool that no
 * longer runs the application's virtual threads:
 * <ul>
 *   <li>{@code jdk.management.VirtualThreadSchedulerMXBean}, which Spring Boot's process info, JMX
 *       consoles and exporters read (parallelism, carrier threads, mounted and queued virtual
 *       threads), and whose {@code setParallelism} code uses to tune the scheduler: it becomes
 *       GOMAXPROCS (the JDK's own tests raise it to 2 before pinning a carrier on purpose). Each
 *       method of the JDK's implementation starts with
 *       {@code if (GmpBridge.schedulesVirtualThreads()) return GmpBridge.<answer>(args);}</li>
 *   <li>{@code jcmd PID Thread.vthread_scheduler}, which prints gmp's scheddetail report:
 *       {@code byte[] r = GmpBridge.jcmdSchedulerReport(); if (r != null) return r;}</li>
 * </ul>
 * The JDK's own answer stands until gmp's scheduler runs, and again if gmp cannot be asked.
 */
final class JdkSchedulerViews {
    private JdkSchedulerViews() {}

    /** The bean's implementation when virtual threads have continuations (module jdk.management). */
    static final String BEAN_TYPE = "com.sun.management.internal.VirtualThreadSchedulerImpls$VirtualThreadSchedulerImpl";

    /** One method of the bean and the bridge method that answers it, with the same descriptor. */
    record Answer(String method, MethodTypeDesc type, String bridgeMethod) {}

    static final List<Answer> ANSWERS = List.of(
            new Answer("getParallelism", MethodTypeDesc.of(CD_int), "virtualThreadParallelism"),
            new Answer("setParallelism", MethodTypeDesc.of(CD_void, CD_int), "setVirtualThreadParallelism"),
            new Answer("getPoolSize", MethodTypeDesc.of(CD_int), "virtualThreadPoolSize"),
            new Answer("getMountedVirtualThreadCount", MethodTypeDesc.of(CD_int), "mountedVirtualThreadCount"),
            new Answer("getQueuedVirtualThreadCount", MethodTypeDesc.of(CD_long), "queuedVirtualThreadCount"));

    /** The jcmd commands' implementation, called by the VM: {@code static byte[] printScheduler()}. */
    static final String JCMD_TYPE = "jdk.internal.vm.JcmdVThreadCommands";
    static final String JCMD_METHOD = "printScheduler";

    static List<MethodHook> hooks() {
        List<MethodHook> hooks = new ArrayList<>();
        for (Answer answer : ANSWERS) {
            hooks.add(new MethodHook(BEAN_TYPE, MethodHook.named(answer.method(), answer.type().descriptorString()),
                    method -> answeredByGmp(answer)));
        }
        hooks.add(new MethodHook(JCMD_TYPE, MethodHook.named(JCMD_METHOD, "()[B"),
                method -> ReturnIfNonNull.of(BridgeCalls::jcmdSchedulerReport)));
        return hooks;
    }

    /** For an instance method whose parameters the bridge method takes unchanged. */
    private static CodeTransform answeredByGmp(Answer answer) {
        return new CodeTransform() {
            @Override
            public void atStart(CodeBuilder code) {
                Label jdk = code.newLabel();
                BridgeCalls.schedulesVirtualThreads(code);
                code.ifeq(jdk);
                MethodTypeDesc type = answer.type();
                for (int i = 0; i < type.parameterCount(); i++) {
                    code.loadLocal(TypeKind.from(type.parameterType(i)), code.parameterSlot(i));
                }
                code.invokestatic(BridgeCalls.BRIDGE, answer.bridgeMethod(), type); // same descriptor, static
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

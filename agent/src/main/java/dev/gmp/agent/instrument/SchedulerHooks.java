package dev.gmp.agent.instrument;

import dev.gmp.agent.MethodName;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.AccessFlag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The hooks that let gmp schedule an unmodified application: the virtual-thread redirect, its
 * timers, the JDK's views of its scheduler ({@link JdkSchedulerViews}), the JDK's "carrier has queued
 * work" test for its hand-off queues, and syscall brackets around blocking calls
 * ({@link BlockerAdvice}, the callers of the {@link BlockingMethods} table, FFM downcall handles,
 * the {@code blocking=} list).
 *
 * <p>Most of these classes are loaded before the agent starts, so they are retransformed, and
 * retransformation may change method bodies only: no new methods or fields. That rules out
 * wrapping JDK natives directly (a wrapper is a new method); the hook goes on the Java methods
 * that call them. Classes loaded later get the same hooks as they load. The hooks are written with
 * the JDK's class-file API, which java.base has loaded already, and only the classes they name are
 * ever looked at: start-up stays short.
 */
public final class SchedulerHooks {
    private SchedulerHooks() {}

    /** Its {@code static boolean hasKnownQueuedWork()} is what the JDK's blocking queues ask before spinning. */
    static final String QUEUED_WORK_TYPE = "java.util.concurrent.ForkJoinWorkerThread";

    /** What happened; {@link #redirectFailed()} means virtual threads cannot be sent to gmp. */
    public record Result(boolean redirectFailed) {}

    public static Result install(Instrumentation inst, boolean redirect, List<MethodName> blocking) {
        List<MethodHook> hooks = new ArrayList<>();
        if (redirect) {
            hooks.add(new MethodHook(VirtualThreadRedirect.TYPE, MethodHook.named(VirtualThreadRedirect.METHOD)
                    .and(method -> method.methodTypeSymbol().parameterCount() == VirtualThreadRedirect.ARGUMENTS
                            && method.flags().has(AccessFlag.STATIC)),
                    method -> VirtualThreadRedirect.hook()));
            hooks.add(new MethodHook(VirtualThreadTimers.TYPE,
                    MethodHook.named(VirtualThreadTimers.METHOD, VirtualThreadTimers.DESCRIPTOR),
                    method -> VirtualThreadTimers.hook()));
            hooks.addAll(JdkSchedulerViews.hooks());
        }
        hooks.add(new MethodHook(BlockerAdvice.TYPE, MethodHook.named("begin", "()Z"), method -> BlockerAdvice.begin()));
        hooks.add(new MethodHook(BlockerAdvice.TYPE, MethodHook.named("end", "(Z)V"), method -> BlockerAdvice.end()));
        // The JDK's hand-off queues spin before parking unless the carrier has queued work; on an M
        // whose P holds the G just woken, spinning only delays it.
        hooks.add(new MethodHook(QUEUED_WORK_TYPE, MethodHook.named("hasKnownQueuedWork", "()Z"),
                method -> OrOnReturn.of(BridgeCalls::carrierHasQueuedWork)));
        hooks.add(new MethodHook(DowncallAdvice.TYPE, MethodHook.named(DowncallAdvice.METHOD)
                .and(method -> !method.flags().has(AccessFlag.STATIC)
                        && method.methodTypeSymbol().returnType().equals(BridgeCalls.CD_METHOD_HANDLE)
                        && DowncallAdvice.takesReferencesOnly(method.methodTypeSymbol())),
                method -> DowncallAdvice.exit(method.methodTypeSymbol())));
        for (Map.Entry<String, List<BlockingMethod>> natives : BlockingMethods.unmarkedNativesByClass().entrySet()) {
            Set<String> nativeIds = natives.getValue().stream().map(BlockingMethod::nameAndDescriptor).collect(Collectors.toSet());
            hooks.add(new MethodHook(natives.getKey(), NativeCallers.bracketable(nativeIds), method -> SyscallAdvice.bracket()));
        }
        for (BlockingMethod method : BlockingMethods.BLOCKING_JAVA_METHODS) {
            hooks.add(new MethodHook(method.className(), MethodHook.named(method.methodName(), method.descriptor()),
                    m -> SyscallAdvice.bracket()));
        }
        for (MethodName method : blocking) {
            // Methods with a body only: an application's native methods are syscalls already (AppNativeMethods).
            hooks.add(new MethodHook(method.className(), MethodHook.named(method.methodName()),
                    m -> SyscallAdvice.bracket()));
        }
        HookTransformer transformer = new HookTransformer(hooks);
        transformer.install(inst);
        return new Result(redirect && transformer.failed(VirtualThreadRedirect.TYPE));
    }
}

package dev.gmp.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.hasDescriptor;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;
import static net.bytebuddy.matcher.ElementMatchers.takesNoArguments;

import dev.gmp.agent.AgentLog;
import dev.gmp.agent.MethodName;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The advice that lets gmp schedule an unmodified application: the virtual-thread redirect, and
 * syscall brackets around blocking calls ({@link BlockerAdvice}, the callers of the
 * {@link BlockingMethods} table, FFM downcall handles, the {@code blocking=} list).
 *
 * <p>Most of these classes are loaded before the agent starts, so they are retransformed, and
 * retransformation may change method bodies only: no new methods or fields
 * ({@code disableClassFormatChanges}). That rules out wrapping JDK natives directly (a wrapper is a
 * new method); the advice goes on the Java methods that call them. Classes loaded later get the
 * same advice as they load.
 */
public final class SchedulerHooks {
    private SchedulerHooks() {}

    /** What happened; {@link #redirectFailed()} means virtual threads cannot be sent to gmp. */
    public record Result(boolean redirectFailed) {}

    public static Result install(Instrumentation inst, boolean redirect, List<MethodName> blocking) {
        InstallListener listener = new InstallListener();
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // One class per batch: a class the JVM refuses does not take the others with it.
                .with(AgentBuilder.RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(1))
                .with((AgentBuilder.RedefinitionStrategy.Listener) listener)
                .with((AgentBuilder.Listener) listener)
                .ignore(none()); // the default ignores exactly the bootstrap classes this is about
        if (redirect) {
            builder = advise(builder, VirtualThreadRedirect.TYPE, VirtualThreadRedirect.class,
                    named(VirtualThreadRedirect.METHOD).and(takesArguments(4)));
        }
        builder = advise(builder, BlockerAdvice.TYPE, BlockerAdvice.Begin.class, named("begin").and(takesNoArguments()));
        builder = advise(builder, BlockerAdvice.TYPE, BlockerAdvice.End.class, named("end").and(takesArguments(boolean.class)));
        builder = advise(builder, DowncallAdvice.TYPE, DowncallAdvice.class,
                named(DowncallAdvice.METHOD).and(returns(MethodHandle.class)));
        for (Map.Entry<String, List<BlockingMethod>> natives : BlockingMethods.unmarkedNativesByClass().entrySet()) {
            ElementMatcher.Junction<MethodDescription> callers = callersOf(natives.getKey(), natives.getValue());
            if (callers != null) {
                builder = advise(builder, natives.getKey(), SyscallAdvice.class, callers);
            }
        }
        for (BlockingMethod method : BlockingMethods.BLOCKING_JAVA_METHODS) {
            builder = advise(builder, method.className(), SyscallAdvice.class,
                    named(method.methodName()).and(hasDescriptor(method.descriptor())));
        }
        for (MethodName method : blocking) {
            // Java methods only: an application's native methods are syscalls already (AppNativeMethods).
            builder = advise(builder, method.className(), SyscallAdvice.class,
                    named(method.methodName()).and(not(isNative())).and(not(isAbstract())));
        }
        builder.installOn(inst);
        return new Result(redirect && listener.failed(VirtualThreadRedirect.TYPE));
    }

    /** Adds {@code advice} on the methods {@code methods} of {@code typeName}, composing with other rules for that type. */
    private static AgentBuilder advise(AgentBuilder builder, String typeName, Class<?> advice,
                                       ElementMatcher<? super MethodDescription> methods) {
        return builder.type(named(typeName))
                .transform((b, type, loader, module, domain) -> b.visit(Advice.to(advice).on(methods)));
        // Not asTerminalTransformation(): later rules for the same type apply too.
    }

    /**
     * A matcher for the methods of {@code className} that call one of {@code natives}, found in its
     * class file; null when the class does not exist here (another OS) or calls none of them.
     */
    private static ElementMatcher.Junction<MethodDescription> callersOf(String className, List<BlockingMethod> natives) {
        byte[] classFile;
        try (InputStream in = ClassLoader.getPlatformClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            if (in == null) {
                AgentLog.debug("no " + className + " in this JDK; its blocking natives need no advice");
                return null;
            }
            classFile = in.readAllBytes();
        } catch (IOException e) {
            AgentLog.error("cannot read " + className + " (" + e + "); its blocking calls will hold their P");
            return null;
        }
        Set<String> inConstructors = new HashSet<>();
        Set<String> callers = NativeCallers.find(classFile,
                natives.stream().map(BlockingMethod::nameAndDescriptor).collect(Collectors.toSet()), inConstructors);
        if (!inConstructors.isEmpty()) {
            AgentLog.debug(className + " calls blocking natives from " + inConstructors + ", which stay unbracketed");
        }
        ElementMatcher.Junction<MethodDescription> matcher = null;
        for (String caller : callers) {
            int paren = caller.indexOf('(');
            ElementMatcher.Junction<MethodDescription> one =
                    named(caller.substring(0, paren)).and(hasDescriptor(caller.substring(paren)));
            matcher = matcher == null ? one : matcher.or(one);
        }
        return matcher;
    }
}

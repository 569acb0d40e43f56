package dev.gmp.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isNative;

import java.lang.instrument.Instrumentation;
import java.net.URL;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.SuperMethodCall;

/**
 * The application's own JNI native methods become syscalls, as Go treats every cgo call. A native
 * has no bytecode to advise, so it is renamed with {@link #PREFIX} (the JVM strips the prefix when
 * it links the JNI symbol: {@code Instrumentation.setNativeMethodPrefix}) and a Java method of the
 * original name brackets the call. Adding a method is allowed only while a class is first loaded,
 * so this applies to classes loaded after the agent starts: all of them under -javaagent, the
 * newly loaded ones after an attach.
 */
public final class AppNativeMethods {
    private AppNativeMethods() {}

    /** Visible in stack traces and in UnsatisfiedLinkError messages of unlinked natives. */
    static final String PREFIX = "gmp$$";

    public static void install(Instrumentation inst, URL agentJar) {
        InstallListener listener = new InstallListener();
        new AgentBuilder.Default()
                .with(AgentBuilder.RedefinitionStrategy.DISABLED)
                .with(AgentBuilder.TypeStrategy.Default.REBASE)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .enableNativeMethodPrefix(PREFIX)
                .with(listener)
                .ignore(ApplicationClasses.notApplication(agentJar))
                .type(declaresMethod(isNative()))
                .transform((builder, type, loader, module, domain) -> builder
                        // declared here: Object's own natives (hashCode, clone) must stay inherited
                        .method(isNative().and(isDeclaredBy(type)))
                        .intercept(Advice.to(SyscallAdvice.class).wrap(SuperMethodCall.INSTANCE)))
                .installOn(inst);
    }
}

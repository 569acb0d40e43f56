package dev.gmp.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.lang.instrument.Instrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

/**
 * Advice on JDK classes. Most are loaded before the agent starts, so they are retransformed, and
 * retransformation may change method bodies only: no new methods or fields ({@code
 * disableClassFormatChanges}). That rules out wrapping JDK native methods directly (a wrapper is a
 * new method); the advice goes on the Java methods that call them instead. Classes loaded later
 * get the same advice as they load.
 */
public final class JdkInstrumentation {
    private JdkInstrumentation() {}

    /** What happened; {@link #redirectFailed()} means virtual threads cannot be sent to gmp. */
    public record Result(boolean redirectFailed) {}

    public static Result install(Instrumentation inst, boolean redirect) {
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
            builder = builder.type(named(VirtualThreadRedirect.TYPE))
                    .transform((b, type, loader, module, domain) -> b.visit(Advice.to(VirtualThreadRedirect.class)
                            .on(named(VirtualThreadRedirect.METHOD).and(takesArguments(4)))));
        }
        builder.installOn(inst);
        return new Result(redirect && listener.failed(VirtualThreadRedirect.TYPE));
    }
}

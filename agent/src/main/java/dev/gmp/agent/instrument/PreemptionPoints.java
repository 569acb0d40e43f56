package dev.gmp.agent.instrument;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.none;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.gmp.agent.boot.GmpBridge;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.HashSet;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.utility.OpenedClassReader;

/**
 * {@code preempt=on}: a call to {@link GmpBridge#checkPreempt()} before every loop back-edge of
 * the application's classes, so a CPU-bound goroutine yields its P when sysmon asks (Go preempts
 * asynchronously; the JVM offers no such thing). A back-edge is a jump to a label already seen in
 * the method, which is how javac, kotlinc and scalac compile every loop. The call takes no
 * arguments and returns nothing, so stack and frames stay as they are.
 */
public final class PreemptionPoints {
    private PreemptionPoints() {}

    private static final String BRIDGE = Type.getInternalName(GmpBridge.class);

    public static void install(Instrumentation inst, URL agentJar) {
        InstallListener listener = new InstallListener();
        ApplicationClasses application = new ApplicationClasses(agentJar);
        // Byte Buddy skips synthetic methods by default; lambda bodies are synthetic and loop like any other.
        new AgentBuilder.Default(new ByteBuddy().ignore(none()))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION) // after an attach: the loaded classes too
                .with(AgentBuilder.RedefinitionStrategy.BatchAllocator.ForFixedSize.ofSize(1))
                .with((AgentBuilder.RedefinitionStrategy.Listener) listener)
                .with((AgentBuilder.Listener) listener)
                .ignore((type, loader, module, classBeingRedefined, domain) ->
                        !application.isApplication(type.getInternalName(), loader, domain))
                .type(any())
                .transform((builder, type, loader, module, domain) -> builder.visit(new AsmVisitorWrapper.ForDeclaredMethods()
                        .method(not(isAbstract()).and(not(isNative())),
                                (instrumentedType, method, visitor, context, pool, writerFlags, readerFlags) ->
                                        new BackEdgeChecks(visitor))))
                .installOn(inst);
    }

    /** Inserts the check before each jump to a label this method has already visited. */
    static final class BackEdgeChecks extends MethodVisitor {
        private final Set<Label> seen = new HashSet<>();

        BackEdgeChecks(MethodVisitor delegate) {
            super(OpenedClassReader.ASM_API, delegate);
        }

        @Override
        public void visitLabel(Label label) {
            seen.add(label);
            super.visitLabel(label);
        }

        @Override
        public void visitJumpInsn(int opcode, Label target) {
            if (opcode != Opcodes.JSR && seen.contains(target)) {
                super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "checkPreempt", "()V", false);
            }
            super.visitJumpInsn(opcode, target);
        }
    }
}

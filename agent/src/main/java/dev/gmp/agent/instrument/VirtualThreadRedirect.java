package dev.gmp.agent.instrument;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ReturnInstruction;

/**
 * A hook on {@code java.lang.ThreadBuilders.newVirtualThread(Executor scheduler, String name,
 * int characteristics, Runnable task)}, the one factory behind Thread.ofVirtual(),
 * Thread.startVirtualThread and Executors.newVirtualThreadPerTaskExecutor(): a virtual thread
 * created without a scheduler gets a fresh G as its scheduler and is bound to it before anyone can
 * start it. A thread given an explicit scheduler (gmp's own Gmp.go among them) keeps it, and so
 * does one whose creator runs on a custom scheduler (it inherits it, as in the JDK).
 *
 * <pre>{@code
 * Executor g = scheduler != null ? null : GmpBridge.schedulerForNewVirtualThread(task);
 * if (g != null) scheduler = g;
 * ... the JDK's body; before it returns thread:
 * if (g != null) GmpBridge.bindNewVirtualThread(g, thread);
 * }</pre>
 */
final class VirtualThreadRedirect {
    private VirtualThreadRedirect() {}

    static final String TYPE = "java.lang.ThreadBuilders";
    static final String METHOD = "newVirtualThread";
    static final int ARGUMENTS = 4;

    /** For the static 4-argument method; a new one for each method body. */
    static CodeTransform hook() {
        return new CodeTransform() {
            private int g;

            @Override
            public void atStart(CodeBuilder code) {
                int scheduler = code.parameterSlot(0);
                g = code.allocateLocal(TypeKind.REFERENCE);
                Label done = code.newLabel();
                code.aconst_null().astore(g).aload(scheduler).ifnonnull(done);
                code.aload(code.parameterSlot(3)); // the task: tells the JDK's own threads and custom schedulers apart
                BridgeCalls.schedulerForNewVirtualThread(code);
                code.dup().astore(g).ifnull(done).aload(g).astore(scheduler);
                code.labelBinding(done);
            }

            @Override
            public void accept(CodeBuilder code, CodeElement element) {
                if (element instanceof ReturnInstruction) { // the stack holds the new thread
                    Label unbound = code.newLabel();
                    code.aload(g).ifnull(unbound).dup().aload(g).swap();
                    BridgeCalls.bindNewVirtualThread(code);
                    code.labelBinding(unbound);
                }
                code.with(element);
            }
        };
    }
}

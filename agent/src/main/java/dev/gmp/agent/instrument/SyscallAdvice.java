package dev.gmp.agent.instrument;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.ReturnInstruction;

/**
 * Brackets a blocking method as a syscall when a goroutine calls it: its P can be handed to another
 * M while the call blocks. Used for the Java callers of the JDK's unmarked blocking natives, the
 * JDK's blocking Java methods, the {@code blocking=} list and (wrapped) application JNI natives.
 *
 * <p>The method becomes {@code boolean entered = enterSyscall(); try { body } finally { if
 * (entered) exitSyscall(); }}: the runtime counts nesting, so the pair must balance on every exit,
 * returned or thrown. The flag is cleared before the exit call, so an exit that throws is never
 * repeated by the handler.
 */
final class SyscallAdvice {
    private SyscallAdvice() {}

    /** The bracket for one method body; a new one for each method (it holds the body's labels). */
    static CodeTransform bracket() {
        return new CodeTransform() {
            private int entered;
            private Label start;

            @Override
            public void atStart(CodeBuilder code) {
                entered = code.allocateLocal(TypeKind.INT);
                BridgeCalls.enterSyscall(code);
                code.istore(entered);
                start = code.newBoundLabel();
            }

            @Override
            public void accept(CodeBuilder code, CodeElement element) {
                if (element instanceof ReturnInstruction) {
                    exit(code, entered);
                }
                code.with(element);
            }

            @Override
            public void atEnd(CodeBuilder code) {
                Label end = code.newBoundLabel();
                code.exceptionCatchAll(start, end, end);
                exit(code, entered);
                code.athrow();
            }
        };
    }

    /** {@code if (entered) { entered = false; exitSyscall(); }}; the stack is left as it was. */
    static void exit(CodeBuilder code, int entered) {
        Label skip = code.newLabel();
        code.iload(entered).ifeq(skip).iconst_0().istore(entered);
        BridgeCalls.exitSyscall(code);
        code.labelBinding(skip);
    }
}

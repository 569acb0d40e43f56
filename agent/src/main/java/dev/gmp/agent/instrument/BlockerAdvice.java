package dev.gmp.agent.instrument;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;

/**
 * Hooks on {@code jdk.internal.misc.Blocker}, the JDK's own bracket around blocking operations:
 * {@code boolean attempted = Blocker.begin(); try { ... } finally { Blocker.end(attempted); }}.
 *
 * <p>On a gmp M the JDK's begin() does nothing and returns false (the carrier is not its
 * CarrierThread), and its end(true) would cast the carrier to CarrierThread. So the pairing rides
 * on the JDK's own boolean: begin() returns true when it entered a syscall for a goroutine, and
 * end(true) on a gmp M exits the syscall and skips the JDK's body, cast and all. On the JDK's own
 * carriers both keep their JDK behaviour. begin(boolean) delegates to begin() and needs no hook.
 */
final class BlockerAdvice {
    private BlockerAdvice() {}

    static final String TYPE = "jdk.internal.misc.Blocker";

    /** On {@code static boolean begin()}: {@code return attempted || enterSyscall();} */
    static CodeTransform begin() {
        return OrOnReturn.of(BridgeCalls::enterSyscall);
    }


    /** On {@code static void end(boolean attempted)}: returns at once when it closes a gmp syscall. */
    static CodeTransform end() {
        return new CodeTransform() {
            @Override
            public void atStart(CodeBuilder code) {
                Label body = code.newLabel();
                code.iload(0).ifeq(body);
                BridgeCalls.exitSyscallOnGmpCarrier(code);
                code.ifeq(body).return_();
                code.labelBinding(body);
            }

            @Override
            public void accept(CodeBuilder code, CodeElement element) {
                code.with(element);
            }
        };
    }
}

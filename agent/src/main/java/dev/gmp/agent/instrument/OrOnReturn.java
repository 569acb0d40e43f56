package dev.gmp.agent.instrument;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.ReturnInstruction;
import java.util.function.Consumer;

/**
 * For a method returning boolean: every {@code return r;} becomes {@code return r || call();}, the
 * JDK's answer first and gmp's only when the JDK said false.
 */
final class OrOnReturn {
    private OrOnReturn() {}

    /** {@code bridgeCall} writes the call, which pushes a boolean. */
    static CodeTransform of(Consumer<CodeBuilder> bridgeCall) {
        return (code, element) -> {
            if (element instanceof ReturnInstruction) {
                Label keep = code.newLabel();
                code.dup().ifne(keep).pop();
                bridgeCall.accept(code);
                code.labelBinding(keep);
            }
            code.with(element);
        };
    }
}

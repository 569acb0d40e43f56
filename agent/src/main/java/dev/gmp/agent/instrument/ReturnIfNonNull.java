package dev.gmp.agent.instrument;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.util.function.Consumer;

/**
 * For a method returning a reference: the body starts with {@code r = call(); if (r != null) return r;},
 * gmp's answer first and the JDK's body only when gmp had none.
 */
final class ReturnIfNonNull {
    private ReturnIfNonNull() {}

    /** {@code bridgeCall} writes the call, which pushes a reference of the method's return type. */
    static CodeTransform of(Consumer<CodeBuilder> bridgeCall) {
        return new CodeTransform() {
            @Override
            public void atStart(CodeBuilder code) {
                Label jdk = code.newLabel();
                bridgeCall.accept(code);
                code.dup().ifnull(jdk).areturn();
                code.labelBinding(jdk);
                code.pop();
            }

            @Override
            public void accept(CodeBuilder code, CodeElement element) {
                code.with(element);
            }
        };
    }
}

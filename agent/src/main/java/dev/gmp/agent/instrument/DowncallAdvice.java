package dev.gmp.agent.instrument;

import static java.lang.constant.ConstantDescs.CD_Object;

import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.instruction.ReturnInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;

/**
 * A hook on both {@code downcallHandle} methods of {@code jdk.internal.foreign.abi.AbstractLinker}
 * (every {@code Linker.nativeLinker()}): the handle returned is wrapped so a goroutine calling it
 * is in a syscall for the native call's duration. Handles linked with {@code Linker.Option.critical}
 * stay as they are: critical calls are short by contract and must not pay for the bracket.
 */
final class DowncallAdvice {
    private DowncallAdvice() {}

    static final String TYPE = "jdk.internal.foreign.abi.AbstractLinker";
    static final String METHOD = "downcallHandle";

    /** Before each return: {@code handle = GmpBridge.wrapDowncall(handle, new Object[] {args...});} */
    static CodeTransform exit(MethodTypeDesc type) {
        return (code, element) -> {
            if (element instanceof ReturnInstruction) {
                argumentArray(code, type);
                BridgeCalls.wrapDowncall(code);
            }
            code.with(element);
        };
    }

    /** Whether the hook fits: an instance method whose arguments are all references, as both downcallHandle's are. */
    static boolean takesReferencesOnly(MethodTypeDesc type) {
        return type.parameterList().stream().noneMatch(ClassDesc::isPrimitive);
    }

    /** Pushes the instance method's arguments (all references) as an {@code Object[]}. */
    private static void argumentArray(CodeBuilder code, MethodTypeDesc type) {
        code.loadConstant(type.parameterCount()).anewarray(CD_Object);
        for (int i = 0; i < type.parameterCount(); i++) {
            code.dup().loadConstant(i).aload(code.parameterSlot(i)).aastore();
        }
    }
}

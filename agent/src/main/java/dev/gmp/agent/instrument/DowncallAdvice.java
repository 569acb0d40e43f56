package dev.gmp.agent.instrument;

import dev.gmp.agent.boot.GmpBridge;
import java.lang.invoke.MethodHandle;
import net.bytebuddy.asm.Advice;

/**
 * Advice on both {@code downcallHandle} methods of {@code jdk.internal.foreign.abi.AbstractLinker}
 * (every {@code Linker.nativeLinker()}): the handle returned is wrapped so a goroutine calling it
 * is in a syscall for the native call's duration. Handles linked with {@code Linker.Option.critical}
 * stay as they are: critical calls are short by contract and must not pay for the bracket.
 */
final class DowncallAdvice {
    private DowncallAdvice() {}

    static final String TYPE = "jdk.internal.foreign.abi.AbstractLinker";
    static final String METHOD = "downcallHandle";

    @Advice.OnMethodExit
    static void exit(@Advice.Return(readOnly = false) MethodHandle handle, @Advice.AllArguments Object[] args) {
        handle = GmpBridge.wrapDowncall(handle, args);
    }
}

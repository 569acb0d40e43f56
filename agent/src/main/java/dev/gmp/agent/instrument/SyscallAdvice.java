package dev.gmp.agent.instrument;

import dev.gmp.agent.boot.GmpBridge;
import net.bytebuddy.asm.Advice;

/**
 * Brackets a blocking method as a syscall when a goroutine calls it: its P can be handed to another
 * M while the call blocks. Used for the Java callers of the JDK's unmarked blocking natives, the
 * JDK's blocking Java methods, the {@code blocking=} list and (wrapped) application JNI natives.
 */
final class SyscallAdvice {
    private SyscallAdvice() {}

    @Advice.OnMethodEnter
    static boolean enter() {
        return GmpBridge.enterSyscall();
    }

    /** On every exit, thrown or returned: the runtime counts nesting, so pairs must balance. */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter boolean entered) {
        if (entered) {
            GmpBridge.exitSyscall();
        }
    }
}

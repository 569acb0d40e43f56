package dev.gmp.agent.instrument;

import dev.gmp.agent.boot.GmpBridge;
import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code jdk.internal.misc.Blocker}, the JDK's own bracket around blocking operations:
 * {@code boolean attempted = Blocker.begin(); try { ... } finally { Blocker.end(attempted); }}.
 *
 * <p>On a gmp M the JDK's begin() does nothing and returns false (the carrier is not its
 * CarrierThread), and its end(true) would cast the carrier to CarrierThread. So the pairing rides
 * on the JDK's own boolean: begin() returns true when it entered a syscall for a goroutine, and
 * end(true) on a gmp M exits the syscall and skips the JDK's body, cast and all. On the JDK's own
 * carriers both keep their JDK behaviour. begin(boolean) delegates to begin() and needs no advice.
 */
final class BlockerAdvice {
    private BlockerAdvice() {}

    static final String TYPE = "jdk.internal.misc.Blocker";

    /** On {@code static boolean begin()}. */
    static final class Begin {
        private Begin() {}

        @Advice.OnMethodExit
        static void exit(@Advice.Return(readOnly = false) boolean attempted) {
            if (!attempted && GmpBridge.enterSyscall()) {
                attempted = true;
            }
        }
    }

    /** On {@code static void end(boolean attempted)}. */
    static final class End {
        private End() {}

        /** Returns true, which skips the JDK's body, when this end closes a gmp syscall. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) boolean attempted) {
            return attempted && GmpBridge.exitSyscallOnGmpCarrier();
        }
    }
}

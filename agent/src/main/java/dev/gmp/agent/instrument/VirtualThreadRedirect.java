package dev.gmp.agent.instrument;

import dev.gmp.agent.boot.GmpBridge;
import java.util.concurrent.Executor;
import net.bytebuddy.asm.Advice;

/**
 * Advice on {@code java.lang.ThreadBuilders.newVirtualThread(Executor scheduler, String name,
 * int characteristics, Runnable task)}, the one factory behind Thread.ofVirtual(),
 * Thread.startVirtualThread and Executors.newVirtualThreadPerTaskExecutor(): a virtual thread
 * created without a scheduler gets a fresh G as its scheduler and is bound to it before anyone can
 * start it. A thread given an explicit scheduler (gmp's own Gmp.go among them) keeps it, and so
 * does one whose creator runs on a custom scheduler (it inherits it, as in the JDK).
 */
final class VirtualThreadRedirect {
    private VirtualThreadRedirect() {}

    static final String TYPE = "java.lang.ThreadBuilders";
    static final String METHOD = "newVirtualThread";

    /** Returns the G it substituted, or null when the JDK's choice stands. */
    @Advice.OnMethodEnter
    static Executor enter(@Advice.Argument(value = 0, readOnly = false) Executor scheduler,
                          @Advice.Argument(3) Runnable task) {
        if (scheduler != null) {
            return null;
        }
        Executor g = GmpBridge.schedulerForNewVirtualThread(task);
        if (g != null) {
            scheduler = g;
        }
        return g;
    }

    @Advice.OnMethodExit
    static void exit(@Advice.Enter Executor g, @Advice.Return Thread thread) {
        if (g != null) {
            GmpBridge.bindNewVirtualThread(g, thread);
        }
    }
}

package dev.gmp.testsupport;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * libc {@code usleep} through the FFM API: a native call that blocks its carrier thread where no
 * virtual-thread scheduler can see it (the JDK neither unmounts nor compensates for it).
 * Needs {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class NativeSleep {
    private NativeSleep() {}

    private static final MethodHandle USLEEP = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("usleep").orElseThrow(
                    () -> new IllegalStateException("libc usleep not found by the native linker")),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    /**
     * Blocks the calling carrier for {@code micros} microseconds in the kernel. A signal can cut a
     * usleep short (-1, EINTR; seen under the agent with a JFR recording, source not pinned down),
     * so the rest is slept again until the time has passed.
     */
    public static void usleep(int micros) {
        long end = System.nanoTime() + micros * 1_000L;
        int left = micros;
        while (true) {
            int rc;
            try {
                rc = (int) USLEEP.invokeExact(left);
            } catch (Throwable t) {
                throw new IllegalStateException("usleep(" + left + ") failed", t);
            }
            if (rc != 0 && rc != -1) {
                throw new IllegalStateException("usleep(" + left + ") returned " + rc);
            }
            left = (int) Math.max(0, (end - System.nanoTime()) / 1_000L);
            if (rc == 0 || left == 0) {
                return;
            }
        }
    }
}

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

    /** Blocks the calling carrier for {@code micros} microseconds in the kernel. */
    public static void usleep(int micros) {
        int rc;
        try {
            rc = (int) USLEEP.invokeExact(micros);
        } catch (Throwable t) {
            throw new IllegalStateException("usleep(" + micros + ") failed", t);
        }
        if (rc != 0) {
            throw new IllegalStateException("usleep(" + micros + ") returned " + rc);
        }
    }
}

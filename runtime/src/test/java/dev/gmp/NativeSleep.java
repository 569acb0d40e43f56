package dev.gmp;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** libc usleep through FFM: a native call that blocks its carrier thread, unseen by the JDK. */
public final class NativeSleep {
    private NativeSleep() {}

    private static final MethodHandle USLEEP = Linker.nativeLinker().downcallHandle(
            Linker.nativeLinker().defaultLookup().find("usleep").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));

    public static void usleep(int micros) {
        int rc;
        try {
            rc = (int) USLEEP.invokeExact(micros);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        if (rc != 0) {
            throw new AssertionError("usleep(" + micros + ") returned " + rc);
        }
    }
}

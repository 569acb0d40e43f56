package dev.gmp.it.apps;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/** {@link BlockingCallProbe} around a 200 ms sleep in native code through an FFM downcall (usleep). */
public final class NativeSleepApp {
    @SuppressWarnings("restricted") // run with --enable-native-access=ALL-UNNAMED
    public static void main(String[] args) throws Exception {
        Linker linker = Linker.nativeLinker();
        MethodHandle usleep = linker.downcallHandle(linker.defaultLookup().find("usleep").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        BlockingCallProbe.run(() -> (int) usleep.invokeExact(200_000));
    }
}

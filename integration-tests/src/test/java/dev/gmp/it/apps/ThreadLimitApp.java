package dev.gmp.it.apps;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;

/** 300 virtual threads, each 300 ms in a native call (FFM usleep) at once; prints "finished=N". */
public final class ThreadLimitApp {
    @SuppressWarnings("restricted") // run with --enable-native-access=ALL-UNNAMED
    public static void main(String[] args) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle usleep = linker.downcallHandle(linker.defaultLookup().find("usleep").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    int ignored = (int) usleep.invokeExact(300_000);
                } catch (Throwable t) {
                    throw new RuntimeException(t);
                }
            }));
        }
        int finished = 0;
        for (Thread t : threads) {
            t.join();
            finished++;
        }
        System.out.println("finished=" + finished);
    }
}

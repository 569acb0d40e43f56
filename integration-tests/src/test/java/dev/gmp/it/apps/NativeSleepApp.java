package dev.gmp.it.apps;

import dev.gmp.testsupport.NativeSleep;

/** {@link BlockingCallProbe} around a 200 ms sleep in native code through an FFM downcall (usleep). */
public final class NativeSleepApp {
    public static void main(String[] args) throws Exception {
        BlockingCallProbe.run(() -> {
            NativeSleep.usleep(200_000);
            return 0;
        });
    }
}

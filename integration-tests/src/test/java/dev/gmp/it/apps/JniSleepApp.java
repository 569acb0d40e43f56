package dev.gmp.it.apps;

/**
 * {@link BlockingCallProbe} around the application's own JNI method {@link #sleepMillis}(200)
 * (library: system property {@code gmp.it.jniLibrary}); its {@code result} is what the C code returned.
 */
public final class JniSleepApp {
    /** Implemented in C as {@code Java_dev_gmp_it_apps_JniSleepApp_sleepMillis}: usleep, then returns its argument. */
    static native int sleepMillis(int millis);

    @SuppressWarnings("restricted") // the app loads its own native library, as JNI apps do
    public static void main(String[] args) throws Exception {
        System.load(System.getProperty("gmp.it.jniLibrary"));
        BlockingCallProbe.run(() -> sleepMillis(200));
    }
}

package dev.gmp.it.apps;

import static net.bytebuddy.matcher.ElementMatchers.named;

import java.util.concurrent.Callable;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.ClassFileVersion;
import net.bytebuddy.implementation.FixedValue;

/**
 * An application that uses its own Byte Buddy (1.15, older than gmp's) to generate a class, from a
 * virtual thread. Prints which Byte Buddy it got, what its generated class returns, whether gmp's
 * Byte Buddy setting leaked into its system properties, and the virtual thread's carrier.
 */
public final class OwnByteBuddyApp {
    public static void main(String[] args) throws Exception {
        String[] carrier = new String[1];
        Object[] generated = new Object[1];
        Thread.startVirtualThread(() -> {
            carrier[0] = Carriers.current();
            try {
                Class<?> type = new ByteBuddy(ClassFileVersion.JAVA_V17)
                        .subclass(Callable.class)
                        .method(named("call")).intercept(FixedValue.value("made by the app's Byte Buddy"))
                        .make()
                        .load(OwnByteBuddyApp.class.getClassLoader())
                        .getLoaded();
                generated[0] = ((Callable<?>) type.getDeclaredConstructor().newInstance()).call();
            } catch (Exception e) {
                generated[0] = e;
            }
        }).join();
        System.out.println("byteBuddyJar=" + ByteBuddy.class.getProtectionDomain().getCodeSource().getLocation());
        System.out.println("generated=" + generated[0]);
        System.out.println("safeProperty=" + System.getProperty("net.bytebuddy.safe"));
        System.out.println("carrier=" + carrier[0]);
    }
}

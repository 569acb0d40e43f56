package dev.gmp.it.apps;

import java.lang.reflect.Constructor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A virtual thread on the application's own scheduler (the JDK's package-private
 * {@code ThreadBuilders.VirtualThreadBuilder(Executor)}, as the JDK's tests build one; needs
 * {@code --add-opens java.base/java.lang=ALL-UNNAMED}) creates a child with a plain
 * {@code Thread.ofVirtual()}. Prints where parent and child ran ({@code parent=} and {@code child=}
 * carrier names), and where a child of an ordinary virtual thread ran ({@code ordinaryChild=}).
 */
public final class CustomSchedulerApp {
    public static void main(String[] args) throws Exception {
        ExecutorService carrier = Executors.newSingleThreadExecutor(r -> new Thread(r, "custom-carrier"));
        Constructor<?> builder = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                .getDeclaredConstructor(java.util.concurrent.Executor.class);
        builder.setAccessible(true);
        Thread.Builder.OfVirtual custom = (Thread.Builder.OfVirtual) builder.newInstance(carrier);
        String[] seen = new String[2];
        custom.start(() -> {
            seen[0] = Carriers.current();
            Thread child = Thread.ofVirtual().start(() -> seen[1] = Carriers.current());
            join(child);
        }).join();
        System.out.println("parent=" + seen[0]);
        System.out.println("child=" + seen[1]);
        String[] ordinary = new String[1];
        Thread.ofVirtual().start(() -> join(Thread.ofVirtual().start(() -> ordinary[0] = Carriers.current()))).join();
        System.out.println("ordinaryChild=" + ordinary[0]);
        carrier.shutdown();
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}

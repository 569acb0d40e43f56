package dev.gmp.it.apps;

import dev.gmp.Gmp;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates 10,000 virtual threads with {@code Thread.ofVirtual().unstarted(...)} and never starts
 * them; prints {@code goroutines=N} while they exist, then {@code uncollected=N} after GC.
 */
public final class UnstartedThreadsApp {
    public static void main(String[] args) throws Exception {
        long before = Gmp.numGoroutine();
        List<WeakReference<Thread>> refs = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            refs.add(new WeakReference<>(Thread.ofVirtual().unstarted(() -> {})));
        }
        System.out.println("goroutines=" + (Gmp.numGoroutine() - before));
        long uncollected = refs.size();
        for (int round = 0; round < 50 && uncollected > 0; round++) {
            System.gc();
            Thread.sleep(20);
            uncollected = refs.stream().filter(r -> r.get() != null).count();
        }
        System.out.println("uncollected=" + uncollected);
        Thread started = Thread.ofVirtual().unstarted(() -> System.out.println("carrier=" + Carriers.current()));
        started.start();
        started.join();
    }
}

package dev.gmp.bench.jmh;

import dev.gmp.sched.G;
import dev.gmp.sched.Sched;
import java.lang.reflect.Constructor;

/**
 * Gs with no scheduler and no thread for the run-queue benchmarks, which look only at identity.
 * Made through G's package-private constructor: the runtime ships no factory for detached Gs, and on
 * the class path (an unnamed module) reflection may open it.
 */
final class DetachedGs {
    private DetachedGs() {}

    private static final Constructor<G> CONSTRUCTOR;

    static {
        try {
            CONSTRUCTOR = G.class.getDeclaredConstructor(Sched.class, long.class);
            CONSTRUCTOR.setAccessible(true);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static G of(long goid) {
        try {
            return CONSTRUCTOR.newInstance(null, goid);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make a detached G", e);
        }
    }
}

package dev.gmp.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The classes the hooks name that are loaded already are retransformed in one call of the JVM's,
 * and one the JVM refuses costs only its own hooks.
 */
class HookTransformerTest {
    private static final List<Class<?>> LOADED = List.of(Object.class, String.class, Integer.class, Long.class);

    @Test
    void theLoadedClassesTheHooksNameAreRetransformedInOneCall() {
        FakeInstrumentation inst = new FakeInstrumentation(null);
        HookTransformer transformer = transformerFor(String.class, Integer.class, Long.class);
        transformer.install(inst.proxy());
        assertEquals(List.of(List.of(String.class, Integer.class, Long.class)), inst.calls);
        assertFalse(transformer.failed("java.lang.Integer"));
    }

    @Test
    void aClassTheJvmRefusesCostsOnlyItsOwnHooks() {
        FakeInstrumentation inst = new FakeInstrumentation(Integer.class);
        HookTransformer transformer = transformerFor(String.class, Integer.class, Long.class);
        transformer.install(inst.proxy());
        assertEquals(List.of(List.of(String.class, Integer.class, Long.class),
                List.of(String.class), List.of(Integer.class), List.of(Long.class)), inst.calls,
                "after the refused batch, each class once on its own");
        assertTrue(transformer.failed("java.lang.Integer"));
        assertFalse(transformer.failed("java.lang.String"));
        assertFalse(transformer.failed("java.lang.Long"));
    }

    @Test
    void noLoadedClassNamedMeansNoRetransformation() {
        FakeInstrumentation inst = new FakeInstrumentation(null);
        transformerFor(Thread.class).install(inst.proxy());
        assertEquals(List.of(), inst.calls);
    }

    private static HookTransformer transformerFor(Class<?>... types) {
        List<MethodHook> hooks = new ArrayList<>();
        for (Class<?> type : types) {
            hooks.add(new MethodHook(type.getName(), method -> false, method -> null));
        }
        return new HookTransformer(hooks);
    }

    /** Instrumentation with {@link #LOADED} loaded, recording each retransformation and refusing {@code refused}. */
    private static final class FakeInstrumentation {
        final List<List<Class<?>>> calls = new ArrayList<>();
        private final Class<?> refused;

        FakeInstrumentation(Class<?> refused) {
            this.refused = refused;
        }

        Instrumentation proxy() {
            return (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {Instrumentation.class}, (self, method, args) -> switch (method.getName()) {
                        case "getAllLoadedClasses" -> LOADED.toArray(Class<?>[]::new);
                        case "isModifiableClass" -> true;
                        case "addTransformer" -> null;
                        case "retransformClasses" -> {
                            List<Class<?>> batch = List.of((Class<?>[]) args[0]);
                            calls.add(batch);
                            if (refused != null && batch.contains(refused)) {
                                throw new UnmodifiableClassException(refused.getName());
                            }
                            yield null;
                        }
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }
}

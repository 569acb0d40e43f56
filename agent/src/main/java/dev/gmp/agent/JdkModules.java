package dev.gmp.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Opens the JDK packages the runtime needs to the module it runs in (the bootstrap class loader's
 * unnamed module), the way {@code --add-opens} would, so the user never types it.
 */
final class JdkModules {
    private JdkModules() {}

    /** java.lang: the virtual-thread builder, VirtualThread's runContinuation, the current carrier. */
    private static final Set<String> OPENED_TO_GMP = Set.of("java.lang");

    static void openTo(Instrumentation inst, Module gmp) {
        Module javaBase = Object.class.getModule();
        Map<String, Set<Module>> opens = new java.util.HashMap<>();
        for (String pkg : OPENED_TO_GMP) {
            opens.put(pkg, Set.of(gmp));
        }
        inst.redefineModule(javaBase, Set.of(), Map.of(), opens, Set.of(), Map.of());
    }
}

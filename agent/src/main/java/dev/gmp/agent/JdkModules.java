package dev.gmp.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.Set;

/**
 * Opens the JDK packages the runtime needs to the module it runs in (the bootstrap class loader's
 * unnamed module), the way {@code --add-opens} would, so the user never types it. Advice inlined
 * into JDK classes needs nothing here: the JVM lets a module an agent transformed read the unnamed
 * modules of the bootstrap and application class loaders.
 */
final class JdkModules {
    private JdkModules() {}

    /**
     * java.lang: the virtual-thread builder, VirtualThread's runContinuation, the current carrier.
     * java.util.concurrent: the task inside a thread-per-task executor's wrapper, which tells the
     * JDK's own virtual threads from the application's without a stack walk.
     * jdk.jfr.internal and jdk.jfr.internal.event: the per-thread event writer, so events the Ms
     * commit are not dropped (see CarrierEventWriter); skipped when the JVM has no jdk.jfr module.
     */
    static void openTo(Instrumentation inst, Module gmp) {
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                Map.of("java.lang", Set.of(gmp), "java.util.concurrent", Set.of(gmp)), Set.of(), Map.of());
        ModuleLayer.boot().findModule("jdk.jfr").ifPresent(jfr -> inst.redefineModule(jfr, Set.of(), Map.of(),
                Map.of("jdk.jfr.internal", Set.of(gmp), "jdk.jfr.internal.event", Set.of(gmp)), Set.of(), Map.of()));
    }
}

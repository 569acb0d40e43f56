package dev.gmp.agent.instrument;

import dev.gmp.agent.AgentLog;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.utility.JavaModule;

/**
 * Reports what Byte Buddy did: each instrumented class at {@code log=debug}, each failure as one
 * line at every level (once per class). Failures are also remembered, so the installer can tell
 * whether a class it depends on was instrumented.
 */
final class InstallListener extends AgentBuilder.Listener.Adapter implements AgentBuilder.RedefinitionStrategy.Listener {
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    boolean failed(String typeName) {
        return failed.contains(typeName);
    }

    @Override
    public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded,
                                 DynamicType dynamicType) {
        AgentLog.debug("instrumented " + type.getName());
    }

    @Override
    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
        if (failed.add(typeName)) {
            AgentLog.error("could not instrument " + typeName + " (" + throwable + ")");
        }
    }

    // ---- retransformation of classes loaded before the agent (the JVM may refuse a class) ------

    @Override
    public void onBatch(int index, List<Class<?>> batch, List<Class<?>> types) {
    }

    @Override
    public Iterable<? extends List<Class<?>>> onError(int index, List<Class<?>> batch, Throwable throwable,
                                                      List<Class<?>> types) {
        for (Class<?> type : batch) {
            onError(type.getName(), type.getClassLoader(), null, true, throwable);
        }
        return List.of(); // no retry: the JVM would refuse again
    }

    @Override
    public void onComplete(int amount, List<Class<?>> types, Map<List<Class<?>>, Throwable> failures) {
    }
}

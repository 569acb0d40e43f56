package dev.gmp.agent.instrument;

import dev.gmp.agent.AgentLog;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.lang.classfile.MethodTransform;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies {@link MethodHook}s to the classes they name: those already loaded are retransformed,
 * those loaded later are changed as they load. Any other class costs one map look-up by name, so
 * start-up never scans or matches the classes the JVM has loaded.
 *
 * <p>Retransformation may change method bodies only (no new methods or fields), which is all a
 * hook does. A class the JVM refuses does not take the others with it (see {@link #install}).
 * Each instrumented class is reported at {@code log=debug}; each failure as one line at every
 * level (once per class), and remembered: the installer asks about the redirect.
 */
final class HookTransformer implements ClassFileTransformer {
    /** By internal name ({@code java/io/FileInputStream}). */
    private final Map<String, List<MethodHook>> hooks = new HashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();

    HookTransformer(List<MethodHook> all) {
        for (MethodHook hook : all) {
            hooks.computeIfAbsent(hook.className().replace('.', '/'), name -> new ArrayList<>()).add(hook);
        }
    }

    /**
     * Registers this transformer and retransforms the named classes that are loaded already: all in
     * one call (one pass of the JVM's redefinition, one safepoint), and class by class only when
     * that call fails, so the class the JVM refuses is found and the others still get their hooks.
     */
    void install(Instrumentation inst) {
        inst.addTransformer(this, true);
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (hooks.containsKey(type.getName().replace('.', '/')) && inst.isModifiableClass(type)) {
                loaded.add(type);
            }
        }
        if (loaded.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        try {
            inst.retransformClasses(loaded.toArray(Class<?>[]::new));
            AgentLog.debug("retransformed " + loaded.size() + " classes: " + (System.nanoTime() - start) / 1_000_000 + " ms");
            return;
        } catch (Throwable t) {
            AgentLog.debug("retransforming " + loaded.size() + " classes at once failed (" + t + "); one by one");
        }
        for (Class<?> type : loaded) {
            try {
                inst.retransformClasses(type);
            } catch (Throwable t) {
                fail(type.getName(), t);
            }
        }
    }

    boolean failed(String typeName) {
        return failed.contains(typeName);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        List<MethodHook> forClass = className == null ? null : hooks.get(className);
        if (forClass == null) {
            return null;
        }
        String typeName = className.replace('/', '.');
        try {
            byte[] changed = rewrite(ClassFiles.forLoader(loader), classFile, forClass);
            if (changed != null) {
                AgentLog.debug("instrumented " + typeName);
            }
            return changed;
        } catch (Throwable t) {
            fail(typeName, t);
            return null;
        }
    }

    /** The class with every hook applied to the methods it chooses; null when none chose any. */
    static byte[] rewrite(ClassFile files, byte[] classFile, List<MethodHook> forClass) {
        ClassModel model = files.parse(classFile);
        boolean[] changed = {false};
        byte[] result = files.transformClass(model, ClassTransform.ofStateful(() -> (builder, element) -> {
            CodeTransform code = element instanceof MethodModel method && method.code().isPresent()
                    ? codeFor(method, forClass) : null;
            if (code == null) {
                builder.with(element);
            } else {
                builder.transformMethod((MethodModel) element, MethodTransform.transformingCode(code));
                changed[0] = true;
            }
        }));
        return changed[0] ? result : null;
    }

    /** The hooks' changes to one method, composed in table order; null when no hook chooses it. */
    private static CodeTransform codeFor(MethodModel method, List<MethodHook> forClass) {
        CodeTransform code = null;
        for (MethodHook hook : forClass) {
            if (hook.methods().test(method)) {
                CodeTransform next = hook.code().apply(method);
                code = code == null ? next : code.andThen(next);
            }
        }
        return code;
    }

    private void fail(String typeName, Throwable t) {
        if (failed.add(typeName)) {
            AgentLog.error("could not instrument " + typeName + " (" + t + ")");
        }
    }
}

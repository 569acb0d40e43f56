package dev.gmp.agent.instrument;

import dev.gmp.agent.AgentLog;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Finds the methods of a class that call given native methods of the same class. The hooks ask
 * while the class is transformed, from the class file the JVM hands the transformer: a class is
 * read and parsed once, when it is instrumented, and one that never loads is never read.
 */
final class NativeCallers {
    private NativeCallers() {}

    /**
     * The methods a hook brackets for {@code natives} (each {@code name + descriptor}): those that
     * call one. Constructors and class initializers are left out (a bracket around a constructor
     * cannot cover every path); at {@code log=debug} one that calls a native is reported.
     */
    static Predicate<MethodModel> bracketable(Set<String> natives) {
        return method -> {
            if (!isInitializer(method)) {
                return callsAny(method, natives);
            }
            if (AgentLog.debugEnabled() && callsAny(method, natives)) {
                AgentLog.debug(owner(method).replace('/', '.') + "." + method.methodName().stringValue()
                        + " calls a blocking native and stays unbracketed");
            }
            return false;
        };
    }

    /**
     * The callers, as {@code name + descriptor}, of the methods {@code natives} declared by the class
     * in {@code classFile}, as {@link #bracketable} chooses them; {@code constructorCallers} receives
     * the constructors and initializers that call one.
     */
    static Set<String> find(byte[] classFile, Set<String> natives, Set<String> constructorCallers) {
        ClassModel model = ClassFile.of().parse(classFile);
        Set<String> callers = new LinkedHashSet<>();
        for (MethodModel method : model.methods()) {
            if (callsAny(method, natives)) {
                String id = method.methodName().stringValue() + method.methodType().stringValue();
                (isInitializer(method) ? constructorCallers : callers).add(id);
            }
        }
        return callers;
    }

    /** Whether the code of {@code method}, if it has any, invokes one of {@code natives} of its own class. */
    private static boolean callsAny(MethodModel method, Set<String> natives) {
        CodeModel code = method.code().orElse(null);
        if (code == null) {
            return false;
        }
        String owner = owner(method);
        for (var element : code) {
            if (element instanceof InvokeInstruction call && call.owner().asInternalName().equals(owner)
                    && natives.contains(call.name().stringValue() + call.type().stringValue())) {
                return true;
            }
        }
        return false;
    }

    private static boolean isInitializer(MethodModel method) {
        return method.methodName().stringValue().startsWith("<");
    }

    private static String owner(MethodModel method) {
        return method.parent().orElseThrow(() -> new IllegalStateException("a method outside a class file"))
                .thisClass().asInternalName();
    }
}

package dev.gmp.agent.instrument;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.LinkedHashSet;
import java.util.Set;

/** Finds, in a class file, the methods that call given native methods of the same class. */
final class NativeCallers {
    private NativeCallers() {}

    /**
     * The callers, as {@code name + descriptor}, of the methods {@code natives} (each
     * {@code name + descriptor}) declared by the class in {@code classFile}. Constructors and class
     * initializers are left out (a bracket around a constructor cannot cover every path); {@code
     * constructorCallers} receives those, so they can be reported.
     */
    static Set<String> find(byte[] classFile, Set<String> natives, Set<String> constructorCallers) {
        ClassModel model = ClassFile.of().parse(classFile);
        Set<String> callers = new LinkedHashSet<>();
        for (MethodModel method : model.methods()) {
            CodeModel code = method.code().orElse(null);
            if (code == null) {
                continue;
            }
            String name = method.methodName().stringValue();
            for (var element : code) {
                if (element instanceof InvokeInstruction call && call.owner().asInternalName().equals(model.thisClass().asInternalName())
                        && natives.contains(call.name().stringValue() + call.type().stringValue())) {
                    (name.startsWith("<") ? constructorCallers : callers).add(name + method.methodType().stringValue());
                }
            }
        }
        return callers;
    }
}

package dev.gmp.agent.instrument;

import java.util.LinkedHashSet;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;

/** Finds, in a class file, the methods that call given native methods of the same class. */
final class NativeCallers {
    private NativeCallers() {}

    /**
     * The callers, as {@code name + descriptor}, of the methods {@code natives} (each
     * {@code name + descriptor}) declared by the class in {@code classFile}. Constructors and class
     * initializers are left out (advice cannot bracket a constructor on every path); {@code
     * constructorCallers} receives those, so they can be reported.
     */
    static Set<String> find(byte[] classFile, Set<String> natives, Set<String> constructorCallers) {
        var reader = OpenedClassReader.of(classFile);
        String owner = reader.getClassName();
        Set<String> callers = new LinkedHashSet<>();
        reader.accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                if ((access & (Opcodes.ACC_NATIVE | Opcodes.ACC_ABSTRACT)) != 0) {
                    return null;
                }
                String method = name + descriptor;
                boolean initializer = name.startsWith("<");
                return new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String calledOwner, String calledName,
                                                String calledDescriptor, boolean isInterface) {
                        if (calledOwner.equals(owner) && natives.contains(calledName + calledDescriptor)) {
                            (initializer ? constructorCallers : callers).add(method);
                        }
                    }
                };
            }
        }, net.bytebuddy.jar.asm.ClassReader.SKIP_DEBUG | net.bytebuddy.jar.asm.ClassReader.SKIP_FRAMES);
        return callers;
    }
}

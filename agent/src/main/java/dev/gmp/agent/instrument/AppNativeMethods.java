package dev.gmp.agent.instrument;

import dev.gmp.agent.AgentLog;
import java.lang.classfile.AccessFlags;
import java.lang.classfile.ClassBuilder;
import java.lang.classfile.ClassElement;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.AccessFlag;
import java.net.URL;
import java.security.ProtectionDomain;

/**
 * The application's own JNI native methods become syscalls, as Go treats every cgo call. A native
 * has no bytecode to bracket, so it is renamed with {@link #PREFIX} (the JVM strips the prefix when
 * it links the JNI symbol: {@code Instrumentation.setNativeMethodPrefix}) and made private, and a
 * Java method of the original name, flags and annotations brackets the call. Adding a method is
 * allowed only while a class is first loaded, so this applies to classes loaded after the agent
 * starts: all of them under -javaagent, the newly loaded ones after an attach. A class with no
 * native method is only parsed as far as its method table.
 */
public final class AppNativeMethods implements ClassFileTransformer {
    /** Visible in stack traces and in UnsatisfiedLinkError messages of unlinked natives. */
    static final String PREFIX = "gmp$$";

    private final ApplicationClasses application;

    private AppNativeMethods(ApplicationClasses application) {
        this.application = application;
    }

    public static void install(Instrumentation inst, URL agentJar) {
        if (!inst.isNativeMethodPrefixSupported()) {
            throw new IllegalStateException("this JVM cannot set a native method prefix");
        }
        AppNativeMethods transformer = new AppNativeMethods(new ApplicationClasses(agentJar));
        inst.addTransformer(transformer, false); // never on retransformation, which cannot add methods
        inst.setNativeMethodPrefix(transformer, PREFIX);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain domain, byte[] classFile) {
        if (className == null || classBeingRedefined != null || !application.isApplication(className, loader, domain)) {
            return null;
        }
        try {
            ClassFile files = ClassFiles.forLoader(loader);
            ClassModel model = files.parse(classFile);
            if (model.flags().has(AccessFlag.INTERFACE)
                    || model.methods().stream().noneMatch(method -> method.flags().has(AccessFlag.NATIVE))) {
                return null;
            }
            byte[] changed = files.transformClass(model, ClassTransform.ofStateful(() -> (builder, element) -> wrap(builder, element, model)));
            AgentLog.debug("instrumented " + className.replace('/', '.'));
            return changed;
        } catch (Throwable t) {
            AgentLog.error("could not instrument " + className.replace('/', '.') + " (" + t + ")");
            return null;
        }
    }

    private static void wrap(ClassBuilder builder, ClassElement element, ClassModel model) {
        if (!(element instanceof MethodModel method) || !method.flags().has(AccessFlag.NATIVE)) {
            builder.with(element);
            return;
        }
        int flags = method.flags().flagsMask();
        String name = method.methodName().stringValue();
        MethodTypeDesc type = method.methodTypeSymbol();
        String renamed = PREFIX + name;
        int nativeFlags = (flags & ~(ClassFile.ACC_PUBLIC | ClassFile.ACC_PROTECTED)) | ClassFile.ACC_PRIVATE;
        builder.withMethod(renamed, type, nativeFlags, native_ -> {
            for (MethodElement part : method) {
                if (!(part instanceof AccessFlags)) {
                    native_.with(part);
                }
            }
        });
        // The wrapper: the original's name, flags (not native, not synchronized: the native still
        // is) and attributes (annotations, signature, exceptions), so reflection sees no change.
        int wrapperFlags = flags & ~(ClassFile.ACC_NATIVE | ClassFile.ACC_SYNCHRONIZED);
        boolean isStatic = method.flags().has(AccessFlag.STATIC);
        ClassDesc owner = model.thisClass().asSymbol();
        builder.withMethod(name, type, wrapperFlags, wrapper -> {
            for (MethodElement part : method) {
                if (!(part instanceof AccessFlags)) {
                    wrapper.with(part);
                }
            }
            wrapper.withCode(code -> callBracketed(code, owner, renamed, type, isStatic));
        });
    }

    /** {@code boolean entered = enterSyscall(); try { return renamed(args); } finally { if (entered) exitSyscall(); }} */
    private static void callBracketed(CodeBuilder code, ClassDesc owner, String renamed, MethodTypeDesc type,
                                      boolean isStatic) {
        int entered = code.allocateLocal(TypeKind.INT);
        BridgeCalls.enterSyscall(code);
        code.istore(entered);
        Label start = code.newBoundLabel();
        if (!isStatic) {
            code.aload(code.receiverSlot());
        }
        for (int i = 0; i < type.parameterCount(); i++) {
            code.loadLocal(TypeKind.from(type.parameterType(i)), code.parameterSlot(i));
        }
        if (isStatic) {
            code.invokestatic(owner, renamed, type);
        } else {
            code.invokespecial(owner, renamed, type);
        }
        Label end = code.newBoundLabel();
        SyscallAdvice.exit(code, entered);
        code.return_(TypeKind.from(type.returnType()));
        Label handler = code.newBoundLabel();
        code.exceptionCatchAll(start, end, handler);
        SyscallAdvice.exit(code, entered);
        code.athrow();
    }
}

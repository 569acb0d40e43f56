package dev.gmp.agent.instrument;

import java.lang.classfile.CodeTransform;
import java.lang.classfile.MethodModel;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One row of what {@link HookTransformer} does: the methods of one class, chosen by
 * {@code methods}, get the code {@code code} makes for each of them.
 *
 * @param className binary name, e.g. {@code java.io.FileInputStream}
 * @param methods   which of its methods with a body
 * @param code      the change to one method's body (a new transform for each method)
 */
record MethodHook(String className, Predicate<MethodModel> methods, Function<MethodModel, CodeTransform> code) {

    /** A method named {@code name} with the JVM descriptor {@code descriptor}. */
    static Predicate<MethodModel> named(String name, String descriptor) {
        return method -> method.methodName().equalsString(name) && method.methodType().equalsString(descriptor);
    }

    /** Any method named {@code name}. */
    static Predicate<MethodModel> named(String name) {
        return method -> method.methodName().equalsString(name);
    }
}

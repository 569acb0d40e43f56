package dev.gmp.agent.instrument;

/**
 * One row of the blocking-method table: a method named by class, name and JVM descriptor.
 *
 * @param className  binary name, e.g. {@code java.io.FileInputStream}
 * @param methodName e.g. {@code readBytes}
 * @param descriptor e.g. {@code ([BII)I}
 */
public record BlockingMethod(String className, String methodName, String descriptor) {
    /** {@code name + descriptor}, the key a class file uses for a method. */
    String nameAndDescriptor() {
        return methodName + descriptor;
    }

    @Override
    public String toString() {
        return className + "#" + methodName + descriptor;
    }
}

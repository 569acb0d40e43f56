package dev.gmp.agent;

/**
 * A method named in {@code blocking=pkg.Class#method}: every method of that name declared by that
 * class, whatever its parameters.
 *
 * @param className  binary class name, e.g. {@code com.acme.Db} or {@code com.acme.Db$Pool}
 * @param methodName the method's simple name
 */
public record MethodName(String className, String methodName) {
    @Override
    public String toString() {
        return className + "#" + methodName;
    }
}

package dev.gmp.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.classfile.ClassFile;
import java.lang.classfile.MethodModel;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table must match the JDK it runs on: a stale row would silently leave a blocking call unbracketed. */
class BlockingMethodsTest {
    @Test
    void everyUnmarkedNativeExistsAndIsNative() throws Exception {
        for (BlockingMethod row : BlockingMethods.UNMARKED_NATIVES) {
            Method method = find(row);
            assertTrue(Modifier.isNative(method.getModifiers()), row + " is not native");
        }
    }

    @Test
    void everyBlockingJavaMethodExistsAndHasABody() throws Exception {
        for (BlockingMethod row : BlockingMethods.BLOCKING_JAVA_METHODS) {
            Method method = find(row);
            assertFalse(Modifier.isNative(method.getModifiers()) || Modifier.isAbstract(method.getModifiers()),
                    row + " has no body to advise");
        }
    }

    @Test
    void everyUnmarkedNativeIsCalledFromAMethodTheAdviceCanBracket() throws Exception {
        for (BlockingMethod row : BlockingMethods.UNMARKED_NATIVES) {
            Set<String> callers = NativeCallers.find(classFile(row.className()), Set.of(row.nameAndDescriptor()), new HashSet<>());
            assertFalse(callers.isEmpty(), row + " is called from no method but constructors");
        }
    }

    @Test
    void fileInputStreamReadsAreFoundThroughTheirPublicMethods() throws Exception {
        Set<String> callers = NativeCallers.find(classFile("java.io.FileInputStream"),
                Set.of("read0()I", "readBytes([BII)I"), new HashSet<>());
        assertTrue(callers.containsAll(Set.of("read()I", "read([B)I", "read([BII)I")), callers::toString);
        assertFalse(callers.contains("available()I"), callers::toString);
    }

    @Test
    void theHookBracketsExactlyTheCallersFoundInTheClassFile() throws Exception {
        for (Map.Entry<String, List<BlockingMethod>> natives : BlockingMethods.unmarkedNativesByClass().entrySet()) {
            Set<String> ids = natives.getValue().stream().map(BlockingMethod::nameAndDescriptor).collect(Collectors.toSet());
            byte[] classFile = classFile(natives.getKey());
            Predicate<MethodModel> bracketable = NativeCallers.bracketable(ids);
            Set<String> chosen = ClassFile.of().parse(classFile).methods().stream().filter(bracketable)
                    .map(m -> m.methodName().stringValue() + m.methodType().stringValue()).collect(Collectors.toSet());
            assertEquals(NativeCallers.find(classFile, ids, new HashSet<>()), chosen, natives.getKey());
            assertFalse(chosen.isEmpty(), natives.getKey());
        }
    }

    @Test
    void callersInConstructorsAreReportedApart() throws Exception {
        Set<String> inConstructors = new HashSet<>();
        Set<String> callers = NativeCallers.find(classFile("java.lang.ProcessImpl"),
                Set.of("forkAndExec(I[B[B[BI[BI[B[IZ)I"), inConstructors);
        assertTrue(callers.isEmpty(), callers::toString);
        assertEquals(1, inConstructors.size(), inConstructors::toString);
        assertTrue(inConstructors.iterator().next().startsWith("<init>("));
    }

    private static Method find(BlockingMethod row) throws ClassNotFoundException {
        Class<?> type = Class.forName(row.className(), false, ClassLoader.getPlatformClassLoader());
        for (Method method : type.getDeclaredMethods()) {
            String descriptor = MethodType.methodType(method.getReturnType(), method.getParameterTypes()).toMethodDescriptorString();
            if (method.getName().equals(row.methodName()) && descriptor.equals(row.descriptor())) {
                return method;
            }
        }
        throw new AssertionError("no " + row + " in this JDK");
    }

    static byte[] classFile(String className) throws IOException {
        try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(className.replace('.', '/') + ".class")) {
            assertTrue(in != null, "cannot read the class file of " + className);
            return in.readAllBytes();
        }
    }
}

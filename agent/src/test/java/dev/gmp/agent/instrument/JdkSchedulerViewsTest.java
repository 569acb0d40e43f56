package dev.gmp.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.agent.boot.GmpBridge;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.management.VirtualThreadSchedulerMXBean;
import org.junit.jupiter.api.Test;

/**
 * The hooks on the JDK's scheduler views must match the JDK they run on and the bridge they call:
 * a stale row would leave the bean or jcmd describing the JDK's idle pool, a wrong descriptor
 * would fail to link.
 */
class JdkSchedulerViewsTest {

    @Test
    void everyMethodOfTheBeanIsAnsweredOnce() {
        Set<String> beanMethods = java.util.Arrays.stream(VirtualThreadSchedulerMXBean.class.getDeclaredMethods())
                .map(m -> m.getName() + descriptor(m)).collect(Collectors.toSet());
        Set<String> answered = JdkSchedulerViews.ANSWERS.stream()
                .map(a -> a.method() + a.type().descriptorString()).collect(Collectors.toSet());
        assertEquals(beanMethods, answered);
        assertEquals(JdkSchedulerViews.ANSWERS.size(), answered.size());
    }

    @Test
    void eachAnswerIsAPublicStaticBridgeMethodOfTheSameType() throws Exception {
        for (JdkSchedulerViews.Answer answer : JdkSchedulerViews.ANSWERS) {
            Method bridge = bridgeMethod(answer.bridgeMethod());
            assertTrue(Modifier.isPublic(bridge.getModifiers()) && Modifier.isStatic(bridge.getModifiers()), bridge::toString);
            assertEquals(answer.type().descriptorString(), descriptor(bridge), answer::toString);
        }
        Method guard = bridgeMethod("schedulesVirtualThreads");
        assertEquals("()Z", descriptor(guard));
    }

    @Test
    void theJdksImplementationGetsTheGuardAndTheAnswerAtTheStartOfEveryMethod() throws Exception {
        byte[] original = jdkImplementation();
        ClassFile files = ClassFile.of();
        byte[] rewritten = HookTransformer.rewrite(files, original, hooksOn(JdkSchedulerViews.BEAN_TYPE));
        assertNotNull(rewritten, "no method of " + JdkSchedulerViews.BEAN_TYPE + " was chosen");
        ClassModel model = files.parse(rewritten);
        assertEquals(List.of(), files.verify(model), "the rewritten class does not verify");
        for (JdkSchedulerViews.Answer answer : JdkSchedulerViews.ANSWERS) {
            MethodModel method = model.methods().stream()
                    .filter(m -> m.methodName().equalsString(answer.method())
                            && m.methodType().equalsString(answer.type().descriptorString()))
                    .findFirst().orElseThrow(() -> new AssertionError("no " + answer + " in the JDK's implementation"));
            List<String> calls = method.code().orElseThrow().elementStream()
                    .filter(e -> e instanceof InvokeInstruction)
                    .map(e -> invoked((CodeElement) e)).limit(2).toList();
            String bridge = GmpBridge.class.getName().replace('.', '/');
            assertEquals(List.of(bridge + ".schedulesVirtualThreads", bridge + "." + answer.bridgeMethod()), calls,
                    answer::toString);
        }
    }

    @Test
    void theJcmdSchedulerCommandAsksTheBridgeFirst() throws Exception {
        byte[] original;
        try (InputStream in = Object.class.getModule().getResourceAsStream(
                JdkSchedulerViews.JCMD_TYPE.replace('.', '/') + ".class")) {
            assertNotNull(in, "this JDK has no " + JdkSchedulerViews.JCMD_TYPE);
            original = in.readAllBytes();
        }
        ClassFile files = ClassFile.of();
        byte[] rewritten = HookTransformer.rewrite(files, original, hooksOn(JdkSchedulerViews.JCMD_TYPE));
        assertNotNull(rewritten, "no " + JdkSchedulerViews.JCMD_METHOD + "()[B in " + JdkSchedulerViews.JCMD_TYPE);
        ClassModel model = files.parse(rewritten);
        assertEquals(List.of(), files.verify(model), "the rewritten class does not verify");
        MethodModel print = model.methods().stream()
                .filter(m -> m.methodName().equalsString(JdkSchedulerViews.JCMD_METHOD)).findFirst().orElseThrow();
        String first = print.code().orElseThrow().elementStream().filter(e -> e instanceof InvokeInstruction)
                .map(e -> invoked((CodeElement) e)).findFirst().orElseThrow();
        assertEquals(GmpBridge.class.getName().replace('.', '/') + ".jcmdSchedulerReport", first);
        assertEquals("()[B", descriptor(bridgeMethod("jcmdSchedulerReport")));
    }

    private static List<MethodHook> hooksOn(String className) {
        return JdkSchedulerViews.hooks().stream().filter(h -> h.className().equals(className)).toList();
    }

    private static String invoked(CodeElement e) {
        InvokeInstruction call = (InvokeInstruction) e;
        return call.owner().asInternalName() + "." + call.name().stringValue();
    }

    private static Method bridgeMethod(String name) {
        return java.util.Arrays.stream(GmpBridge.class.getDeclaredMethods()).filter(m -> m.getName().equals(name))
                .findFirst().orElseThrow(() -> new AssertionError("GmpBridge has no " + name));
    }

    private static String descriptor(Method m) {
        return MethodType.methodType(m.getReturnType(), m.getParameterTypes()).toMethodDescriptorString();
    }

    private static byte[] jdkImplementation() throws Exception {
        Module management = ModuleLayer.boot().findModule("jdk.management").orElseThrow();
        try (InputStream in = management.getResourceAsStream(JdkSchedulerViews.BEAN_TYPE.replace('.', '/') + ".class")) {
            assertNotNull(in, "this JDK has no " + JdkSchedulerViews.BEAN_TYPE);
            return in.readAllBytes();
        }
    }
}

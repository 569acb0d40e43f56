package dev.gmp.agent.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.utility.OpenedClassReader;
import org.junit.jupiter.api.Test;

/** preempt=on puts exactly one check before each loop back-edge and none elsewhere. */
class BackEdgeChecksTest {
    /** Compiled by javac like any application class; only its shapes matter. */
    @SuppressWarnings("unused")
    static final class Shapes {
        static int straight(int x) {
            return x > 0 ? x : -x;
        }

        static int forLoop(int n) {
            int sum = 0;
            for (int i = 0; i < n; i++) {
                sum += i;
            }
            return sum;
        }

        static int nestedLoops(int n) {
            int sum = 0;
            for (int i = 0; i < n; i++) {
                int j = 0;
                while (j < i) {
                    sum += j++;
                }
            }
            return sum;
        }

        static int doWhile(int n) {
            int i = 0;
            do {
                i++;
            } while (i < n);
            return i;
        }
    }

    @Test
    void oneCheckPerBackEdgeAndNoneInStraightCode() throws IOException {
        Map<String, Integer> checks = checksPerMethod(Shapes.class);
        assertEquals(0, checks.get("straight"));
        assertEquals(1, checks.get("forLoop"));
        assertEquals(2, checks.get("nestedLoops"));
        assertEquals(1, checks.get("doWhile"));
    }

    /** Runs every method of {@code type} through BackEdgeChecks and counts the inserted calls. */
    private static Map<String, Integer> checksPerMethod(Class<?> type) throws IOException {
        byte[] classFile;
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            classFile = in.readAllBytes();
        }
        Map<String, Integer> counts = new HashMap<>();
        OpenedClassReader.of(classFile).accept(new ClassVisitor(OpenedClassReader.ASM_API) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                counts.put(name, 0);
                MethodVisitor counter = new MethodVisitor(OpenedClassReader.ASM_API) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String called, String desc, boolean itf) {
                        if (opcode == Opcodes.INVOKESTATIC && called.equals("checkPreempt")
                                && owner.equals("dev/gmp/agent/boot/GmpBridge")) {
                            counts.merge(name, 1, Integer::sum);
                        }
                    }
                };
                return new PreemptionPoints.BackEdgeChecks(counter);
            }
        }, ClassReader.SKIP_FRAMES);
        return counts;
    }
}

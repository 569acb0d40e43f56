package dev.gmp.jdktests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** jtreg's @modules as JVM and javac options. */
class ModuleOptionsTest {
    @Test
    void openPackagesAreOpenedExportedOnesExportedAndModulesAdded() {
        List<String> jvm = ModuleOptions.forJvm(List.of("java.base/java.lang:+open", "java.base/jdk.internal.misc", "jdk.management"));
        assertEquals(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
                "--add-modules=jdk.management"), jvm.subList(0, 3));
        assertEquals("--add-exports=java.base/java.lang=ALL-UNNAMED",
                ModuleOptions.forCompiler(List.of("java.base/java.lang:open")).get(0), "javac only knows exports");
    }
}

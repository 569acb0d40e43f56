package dev.gmp;

import static org.junit.jupiter.api.Assertions.*;

import dev.gmp.testsupport.ForkedJvm;
import dev.gmp.sched.SyscallStorm;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The syscall storm ({@link SyscallStorm}) with at most 6 Ms for up to 3 Ps: the limit is hit
 * again and again. In the default 'degrade' mode a blocking call then keeps its P, so the program
 * still finishes, losing nothing, says so in exactly one warning line, and exits 0.
 */
class SyscallStormAtTheThreadLimitTest {

    @Test
    void aSyscallStormAtTheThreadLimitFinishesWithOneWarning() throws Exception {
        ForkedJvm.Result jvm = ForkedJvm.run(SyscallStorm.class, List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Dgmp.procs=3", "-Dgmp.maxThreads=6"), "48", "25", "3");
        String out = jvm.output();
        assertEquals(0, jvm.exitCode(), out);
        assertTrue(out.contains("RESULT storm passed"), out);
        assertEquals(1, out.lines().filter(line -> line.contains("exist and are busy")).count(), out);
        Matcher hits = Pattern.compile("(\\d+) thread-limit hits").matcher(out);
        assertTrue(hits.find() && Long.parseLong(hits.group(1)) > 0, "the storm never reached the thread limit:\n" + out);
        assertFalse(out.contains("fatal error"), out);
        assertFalse(out.contains("internal error"), out);
    }
}

package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.MixedLoadApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Under the agent, an application mixing monitors, waits, j.u.c. conditions, sockets, interrupts,
 * futures, native calls, CPU loops and yields in 200 virtual threads, poked by platform threads and
 * with GOMAXPROCS changing under it, finishes every operation on gmp's Ms: nothing hangs, fails or
 * runs elsewhere, and gmp reports no failure of its own, with 1 P and 4 Ps to start with, and with a
 * JFR recording on (the flight recorder is on in all of them).
 */
class MixedLoadIT {
    @ParameterizedTest(name = "procs={0}, jfr={1}")
    @CsvSource({"1, false", "4, false", "2, true"})
    void everyOperationOfAMixedLoadFinishesOnGmp(int procs, boolean jfr, @TempDir Path dir) throws Exception {
        Path recording = dir.resolve("mixed.jfr");
        String options = "procs=" + procs + ",dashboard=off" + (jfr ? ",jfr=" + recording : "");
        Result r = ForkedJvm.app(MixedLoadApp.class).agent(options).args("3000").run();
        assertEquals("", r.value("hung"), r::toString);
        assertEquals("", r.value("failure"), r::toString);
        assertEquals(0, r.exitCode(), r::toString);
        // A failing hook is reported once on stderr and the app goes on: the report is the failure.
        assertEquals(List.of(), r.gmpLines().stream().filter(line -> line.contains("fail") || line.contains("error")).toList(),
                r::toString);
        for (String kind : MixedLoadApp.KINDS) {
            assertTrue(Long.parseLong(r.value("ops." + kind)) > 0, () -> "no " + kind + " operation ran\n" + r);
        }
        assertEquals("gmp-m-", r.value("carriers"), () -> "operations ran off gmp's Ms\n" + r);
        if (jfr) {
            assertTrue(Files.size(recording) > 0, () -> "no recording written\n" + r);
        }
    }
}

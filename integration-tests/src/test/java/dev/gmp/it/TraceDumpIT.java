package dev.gmp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gmp.it.apps.LongSliceApp;
import dev.gmp.testsupport.ForkedJvm.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** trace=DIR: the agent writes the flight recorder's trace when a goroutine runs over 10 ms without yielding. */
class TraceDumpIT {
    @Test
    void aLongRunningGoroutineLeavesAChromeTraceInTheDirectory(@TempDir Path dir) throws Exception {
        Result r = ForkedJvm.app(LongSliceApp.class).agent("procs=1,dashboard=off,trace=" + dir).args(dir.toString()).run();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals("true", r.value("dumped"), r::toString);
        assertTrue(r.gmpLines().stream().anyMatch(l -> l.contains("trace dumps to " + dir)), r::toString);
        List<Path> dumps;
        try (Stream<Path> files = Files.list(dir)) {
            dumps = files.filter(f -> f.getFileName().toString().endsWith("-long-running.json")).toList();
        }
        assertEquals(1, dumps.size(), "one dump for the one long-running goroutine: " + dumps + "\n" + r);
        String trace = Files.readString(dumps.getFirst());
        assertTrue(trace.startsWith("{\"displayTimeUnit\":\"ns\",\"traceEvents\":["), trace.substring(0, 80));
        assertTrue(trace.contains("\"thread_name\",\"ph\":\"M\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"P0\"}"), "a P0 track");
        long longestMicros = Pattern.compile("\"cat\":\"slice\",\"ph\":\"X\",\"ts\":[0-9.]+,\"dur\":(\\d+)\\.")
                .matcher(trace).results().mapToLong(m -> Long.parseLong(m.group(1))).max().orElse(0);
        assertTrue(longestMicros >= 10_000, "the hog's slice, over 10 ms when sysmon flagged it: " + longestMicros + " µs");
    }
}

package dev.gmp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where GOMAXPROCS comes from when nothing calls {@code Gmp.gomaxprocs}. */
class SchedConfigTest {
    private static final int CPUS = 6;

    private static SchedConfig with(Map<String, String> properties) {
        return SchedConfig.fromProperties(properties::get, CPUS);
    }

    @Test
    void withNoSettingThereIsOnePPerCpu() {
        assertEquals(CPUS, with(Map.of()).procs());
    }

    @Test
    void theJdksParallelismCarriesOverToGmp() {
        assertEquals(3, with(Map.of("jdk.virtualThreadScheduler.parallelism", "3")).procs());
    }

    @Test
    void gmpsOwnSettingWinsOverTheJdks() {
        assertEquals(4, with(Map.of("gmp.procs", "4", "jdk.virtualThreadScheduler.parallelism", "3")).procs());
    }

    @Test
    void theJdksMaxPoolSizeCapsWhatGmpTakesFromTheJdkAsItCapsTheJdksOwnParallelism() {
        assertEquals(1, with(Map.of("jdk.virtualThreadScheduler.maxPoolSize", "1")).procs(), "capped CPU count");
        assertEquals(2, with(Map.of("jdk.virtualThreadScheduler.parallelism", "4",
                "jdk.virtualThreadScheduler.maxPoolSize", "2")).procs());
        assertEquals(3, with(Map.of("jdk.virtualThreadScheduler.parallelism", "3",
                "jdk.virtualThreadScheduler.maxPoolSize", "256")).procs(), "a cap above it changes nothing");
        assertEquals(4, with(Map.of("gmp.procs", "4", "jdk.virtualThreadScheduler.maxPoolSize", "1")).procs(),
                "gmp's own setting is not the JDK's to cap");
        var zero = assertThrows(IllegalArgumentException.class,
                () -> with(Map.of("jdk.virtualThreadScheduler.maxPoolSize", "0")));
        assertEquals("-Djdk.virtualThreadScheduler.maxPoolSize must be at least 1, got 0", zero.getMessage());
    }

    @Test
    void anUnusableJdkParallelismIsNamedInTheError() {
        var notANumber = assertThrows(IllegalArgumentException.class,
                () -> with(Map.of("jdk.virtualThreadScheduler.parallelism", "lots")));
        assertEquals("-Djdk.virtualThreadScheduler.parallelism must be an integer, got 'lots'", notANumber.getMessage());
        var zero = assertThrows(IllegalArgumentException.class,
                () -> with(Map.of("jdk.virtualThreadScheduler.parallelism", "0")));
        assertEquals("-Djdk.virtualThreadScheduler.parallelism must be at least 1, got 0", zero.getMessage());
    }

    @Test
    void theOtherSettingsKeepTheirDefaults() {
        SchedConfig config = with(Map.of());
        assertEquals(RunQueue.DEFAULT_CAPACITY, config.runqCapacity());
        assertEquals(0, config.schedtraceMillis());
        assertEquals(10_000, config.maxThreads());
        assertEquals(false, config.haltOnThreadLimit());
        assertEquals(true, config.carrierSpacers());
    }
}

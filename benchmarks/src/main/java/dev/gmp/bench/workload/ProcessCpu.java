package dev.gmp.bench.workload;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;

/**
 * The CPU time this whole process has used (every thread: the scheduler's, the JIT's, the GC's, and
 * threads that have ended). On Linux it is {@code clock_gettime(CLOCK_PROCESS_CPUTIME_ID)}, to the
 * nanosecond; the JDK's {@code getProcessCpuTime} counts in clock ticks (10 ms), too coarse for an
 * idle process's fraction of a percent. Elsewhere, the JDK's figure.
 */
final class ProcessCpu {
    private ProcessCpu() {}

    /** Linux's clock id for the calling process's CPU time. */
    private static final int CLOCK_PROCESS_CPUTIME_ID = 2;
    /** {@code int clock_gettime(clockid_t, struct timespec *)}, or null where it cannot be called. */
    private static final MethodHandle CLOCK_GETTIME = clockGettime();

    private static MethodHandle clockGettime() {
        if (!System.getProperty("os.name", "").equals("Linux")) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("clock_gettime")
                    .map(address -> linker.downcallHandle(address,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS)))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) { // e.g. native access denied: the JDK's figure then
            return null;
        }
    }

    /** Process CPU time in nanoseconds; throws where the JVM cannot tell (then no CPU row is measurable). */
    static long nanos() {
        if (CLOCK_GETTIME != null) {
            try (Arena arena = Arena.ofConfined()) {
                // struct timespec { time_t tv_sec; long tv_nsec; }: two 64-bit fields on 64-bit Linux.
                MemorySegment timespec = arena.allocate(ValueLayout.JAVA_LONG, 2);
                int status = (int) CLOCK_GETTIME.invokeExact(CLOCK_PROCESS_CPUTIME_ID, timespec);
                if (status == 0) {
                    return timespec.getAtIndex(ValueLayout.JAVA_LONG, 0) * 1_000_000_000L
                            + timespec.getAtIndex(ValueLayout.JAVA_LONG, 1);
                }
            } catch (Throwable e) {
                // fall back to the JDK's figure below
            }
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long cpu = os.getProcessCpuTime();
            if (cpu >= 0) {
                return cpu;
            }
        }
        throw new IllegalStateException("this JVM does not report process CPU time (com.sun.management.OperatingSystemMXBean)");
    }
}

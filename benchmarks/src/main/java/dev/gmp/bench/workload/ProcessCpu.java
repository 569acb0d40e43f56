package dev.gmp.bench.workload;

import java.lang.management.ManagementFactory;

/** The CPU time this whole process has used (every thread: the scheduler's, the JIT's, the GC's). */
final class ProcessCpu {
    private ProcessCpu() {}

    /** Process CPU time in nanoseconds; throws where the JVM cannot tell (then no CPU row is measurable). */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            long cpu = os.getProcessCpuTime();
            if (cpu >= 0) {
                return cpu;
            }
        }
        throw new IllegalStateException("this JVM does not report process CPU time (com.sun.management.OperatingSystemMXBean)");
    }
}

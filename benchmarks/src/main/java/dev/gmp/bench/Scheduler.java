package dev.gmp.bench;

import dev.gmp.Gmp;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The two virtual-thread schedulers measured side by side. A workload is written once against
 * this type, so both sides run the same code and differ only in who schedules the threads.
 *
 * <p>Each side runs in its own JVM: gmp's with the flags library use needs and {@code -Dgmp.procs},
 * the JDK's with {@code -Djdk.virtualThreadScheduler.parallelism}, both set to the same P count.
 */
public enum Scheduler {
    /** gmp: threads started with {@link Gmp#go}; blocking native calls wrapped in {@link Gmp#syscall}. */
    GMP("gmp") {
        @Override
        public Thread start(Runnable task) {
            return Gmp.go(task);
        }

        @Override
        public <T> T blockingNativeCall(Callable<T> call) throws Exception {
            return Gmp.syscall(call);
        }

        @Override
        public List<String> jvmOptions(int procs) {
            return List.of("--add-opens", "java.base/java.lang=ALL-UNNAMED",
                    "--add-opens", "jdk.jfr/jdk.jfr.internal=ALL-UNNAMED",
                    "--add-opens", "jdk.jfr/jdk.jfr.internal.event=ALL-UNNAMED",
                    "--enable-native-access=ALL-UNNAMED", "-Dgmp.procs=" + procs);
        }
    },
    /** The JDK's default scheduler (a ForkJoinPool): plain {@link Thread#ofVirtual()} threads. */
    JDK("jdk") {
        @Override
        public Thread start(Runnable task) {
            return Thread.ofVirtual().start(task);
        }

        @Override
        public <T> T blockingNativeCall(Callable<T> call) throws Exception {
            return call.call(); // the JDK has no way to be told; the carrier is pinned for the call
        }

        @Override
        public List<String> jvmOptions(int procs) {
            return List.of("--enable-native-access=ALL-UNNAMED",
                    "-Djdk.virtualThreadScheduler.parallelism=" + procs);
        }
    };

    private final String id;

    Scheduler(String id) {
        this.id = id;
    }

    /** The name used on command lines and in tables: "gmp" or "jdk". */
    public String id() {
        return id;
    }

    /**
     * Starts {@code task} on a new virtual thread of this scheduler. Workloads always start threads
     * through here, also from inside a virtual thread: on gmp a thread made with
     * {@code Thread.ofVirtual()} inside a G would inherit gmp only by the slower foreign-G path.
     */
    public abstract Thread start(Runnable task);

    /** Runs a call that blocks in native code, announced to the scheduler where it has a way to be told. */
    public abstract <T> T blockingNativeCall(Callable<T> call) throws Exception;

    /** JVM options for a child JVM that runs this side with {@code procs} processors. */
    public abstract List<String> jvmOptions(int procs);

    /**
     * The P count (gmp's Ps, the JDK's parallelism) this JVM runs this side with: the property its
     * {@link #jvmOptions} set, else the available processors.
     */
    public int procs() {
        String property = this == GMP ? "gmp.procs" : "jdk.virtualThreadScheduler.parallelism";
        return Integer.getInteger(property, Runtime.getRuntime().availableProcessors());
    }

    /** Parses "gmp" or "jdk". */
    public static Scheduler byId(String id) {
        for (Scheduler s : values()) {
            if (s.id.equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scheduler '" + id + "'; valid: gmp, jdk");
    }
}

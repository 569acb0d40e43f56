package dev.gmp.agent;

import dev.gmp.Gmp;
import dev.gmp.sched.Sched;

/** Starts gmp's scheduler as the options say, or adjusts the one an application already started. */
final class SchedulerStart {
    private SchedulerStart() {}

    /** Returns GOMAXPROCS once the scheduler runs. */
    static int start(AgentOptions options) {
        if (Sched.getIfStarted() == null) {
            // The runtime reads its settings from these properties when the scheduler is created
            // (SchedConfig.fromSystemProperties); set only what the user gave, so -Dgmp.* still works.
            options.procs().ifPresent(n -> System.setProperty("gmp.procs", Integer.toString(n)));
            if (options.schedtraceMillis() > 0) {
                System.setProperty("gmp.schedtrace", Long.toString(options.schedtraceMillis()));
            }
            Sched.get();
        } else {
            // Attached to a JVM whose application already uses gmp as a library.
            options.procs().ifPresent(Gmp::gomaxprocs);
            if (options.schedtraceMillis() > 0) {
                AgentLog.error("schedtrace=" + options.schedtraceMillis()
                        + " ignored: the scheduler was already running (set -Dgmp.schedtrace when starting the JVM)");
            }
        }
        return Gmp.gomaxprocs();
    }
}

package dev.gmp.sched;

import dev.gmp.Snapshot;
import dev.gmp.jfr.RunQueueSampleEvent;
import dev.gmp.jfr.SchedulerSampleEvent;
import jdk.jfr.FlightRecorder;

/** Registers the periodic JFR samples; JFR's own periodic thread calls them at each setting's period. */
final class SchedSamples {
    private SchedSamples() {}

    static void register(Sched sched) {
        FlightRecorder.addPeriodicEvent(RunQueueSampleEvent.class, () -> emitRunQueues(sched));
        FlightRecorder.addPeriodicEvent(SchedulerSampleEvent.class, () -> emitScheduler(sched));
    }

    private static void emitRunQueues(Sched sched) {
        P[] all = sched.allp();
        int procs = Math.min(sched.gomaxprocs(), all.length);
        for (int i = 0; i < procs; i++) {
            P pp = all[i];
            M m = pp.m;
            RunQueueSampleEvent e = new RunQueueSampleEvent();
            e.p = pp.id;
            e.status = P.statusName(pp.status());
            e.localQueueLength = pp.stealer.size();
            e.runnextPresent = pp.stealer.runnext() != null;
            e.m = m == null ? -1 : m.id;
            e.commit();
        }
    }

    private static void emitScheduler(Sched sched) {
        Snapshot s = SnapshotBuilder.take(sched, "");
        SchedulerSampleEvent e = new SchedulerSampleEvent();
        e.gomaxprocs = s.gomaxprocs();
        e.globalQueueLength = s.globalRunqueue();
        e.threads = s.machines().size();
        for (Snapshot.Machine m : s.machines()) {
            switch (m.state()) {
                case IDLE -> e.idleThreads++;
                case SPINNING -> e.spinningThreads++;
                case SYSCALL -> e.syscallThreads++;
                default -> { }
            }
        }
        e.running = s.goroutines().running();
        e.runnable = s.goroutines().runnable();
        e.waiting = s.goroutines().waiting();
        e.inSyscall = s.goroutines().syscall();
        e.commit();
    }
}

package dev.gmp.sched;

import dev.gmp.Snapshot;
import dev.gmp.Snapshot.Histogram;
import dev.gmp.jfr.RunQueueSampleEvent;
import dev.gmp.jfr.SchedulerSampleEvent;
import jdk.jfr.FlightRecorder;

/** Registers the periodic JFR samples; JFR's own periodic thread calls them at each setting's period. */
final class SchedSamples {
    private SchedSamples() {}

    static void register(Sched sched) {
        FlightRecorder.addPeriodicEvent(RunQueueSampleEvent.class, () -> emitRunQueues(sched));
        Snapshot[] previous = {null}; // JFR's one periodic thread calls the hook: no other thread sees it
        FlightRecorder.addPeriodicEvent(SchedulerSampleEvent.class, () -> previous[0] = emitScheduler(sched, previous[0]));
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

    /** Emits the sample; its latency and slice figures are those since {@code previous} (since start if null). */
    private static Snapshot emitScheduler(Sched sched, Snapshot previous) {
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
        Histogram latency = previous == null ? s.schedLatency() : s.schedLatency().minus(previous.schedLatency());
        Histogram slices = previous == null ? s.slices() : s.slices().minus(previous.slices());
        e.slices = latency.count();
        e.latencyP50 = latency.quantileUpperBoundNanos(0.50);
        e.latencyP99 = latency.quantileUpperBoundNanos(0.99);
        e.latencyMax = latency.quantileUpperBoundNanos(1.0);
        e.sliceP50 = slices.quantileUpperBoundNanos(0.50);
        e.sliceP99 = slices.quantileUpperBoundNanos(0.99);
        Snapshot.Totals now = s.totals();
        Snapshot.Totals before = previous == null ? SnapshotBuilder.empty(sched.config).totals() : previous.totals();
        e.switches = now.switches() - before.switches();
        e.parks = now.parks() - before.parks();
        e.syscalls = now.syscalls() - before.syscalls();
        e.steals = now.steals() - before.steals();
        e.handoffs = now.handoffs() - before.handoffs();
        e.longRunning = now.longRunning() - before.longRunning();
        e.commit();
        return s;
    }
}

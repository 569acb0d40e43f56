package dev.gmp.sched;

import dev.gmp.Snapshot;
import dev.gmp.Snapshot.Goroutines;
import dev.gmp.Snapshot.Histogram;
import dev.gmp.Snapshot.Machine;
import dev.gmp.Snapshot.MachineState;
import dev.gmp.Snapshot.Proc;
import dev.gmp.Snapshot.ProcStatus;
import dev.gmp.Snapshot.Totals;
import java.util.ArrayList;
import java.util.List;

/** Builds {@link Snapshot}s: one pass over the Ps and one over the Ms, no locks, no stop-the-world. */
public final class SnapshotBuilder {
    private SnapshotBuilder() {}

    /** A snapshot of a scheduler that was never started: no Ps running, nothing counted. */
    public static Snapshot empty(SchedConfig config) {
        int procs = config.procs();
        List<Proc> ps = new ArrayList<>(procs);
        Histogram none = TimeHistogram.toSnapshot(new long[TimeHistogram.BUCKETS], 0);
        for (int i = 0; i < procs; i++) {
            ps.add(new Proc(i, ProcStatus.IDLE, 0, -1, -1, -1, 0, 0, 0, 0, none, none));
        }
        return new Snapshot(0, procs, config.runqCapacity(), ps, 0, List.of(), new Goroutines(0, 0, 0, 0),
                new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), none, none, "");
    }

    public static Snapshot take(Sched s, String deadlock) {
        int procs = s.gomaxprocs();
        P[] all = s.allp();
        List<Proc> ps = new ArrayList<>(procs);
        long runnable = s.globalRunqSize();
        long switches = 0, steals = 0, parks = s.parksWithoutP.sum();
        long[] latency = new long[TimeHistogram.BUCKETS], slices = new long[TimeHistogram.BUCKETS];
        long latencySum = 0, sliceSum = s.slicesWithoutP.addTo(slices);
        for (P pp : all) {
            long[] pLatency = new long[TimeHistogram.BUCKETS], pSlices = new long[TimeHistogram.BUCKETS];
            long pLatencySum = pp.schedLatency.addTo(pLatency), pSliceSum = pp.slices.addTo(pSlices);
            latencySum += pLatencySum;
            sliceSum += pSliceSum;
            for (int i = 0; i < TimeHistogram.BUCKETS; i++) {
                latency[i] += pLatency[i];
                slices[i] += pSlices[i];
            }
            switches += pp.runs();
            parks += pp.parks();
            steals += pp.stealsIn();
            if (pp.id >= procs) {
                continue;
            }
            int ring = pp.stealer.size();
            G next = pp.stealer.runnext();
            runnable += ring + (next != null ? 1 : 0);
            M m = pp.m;
            G cur = m == null ? null : m.runningG();
            ps.add(new Proc(pp.id, procStatus(pp.status()), ring, next == null ? -1 : next.goid,
                    cur == null ? -1 : cur.goid, m == null ? -1 : m.id,
                    pp.schedtick(), pp.syscalltick(), pp.stealsIn(), pp.stealsOut.get(),
                    TimeHistogram.toSnapshot(pLatency, pLatencySum), TimeHistogram.toSnapshot(pSlices, pSliceSum)));
        }
        List<Machine> ms = new ArrayList<>(s.allm.size());
        long running = 0, syscall = 0;
        for (M m : s.allm) {
            MachineState state = MachineState.valueOf(m.stateName().toUpperCase(java.util.Locale.ROOT));
            P pp = m.p;
            ms.add(new Machine(m.id, state, pp == null ? -1 : pp.id));
            if (m.runningG() != null) {
                if (state == MachineState.SYSCALL) syscall++; else running++;
            }
        }
        long finished = s.finished(); // before created: never count a G finished but not created
        long created = s.created(), yields = s.yields.sum();
        long live = Math.max(0, created - finished - s.allgs.systemGs());
        runnable = Math.min(runnable, Math.max(0, live - running - syscall));
        long waiting = Math.max(0, live - running - syscall - runnable);
        Totals totals = new Totals(created, finished, switches, parks, yields, steals,
                s.syscalls.sum(), s.handoffs.sum(), s.retakes.sum(), s.longRunning.sum(), s.maxThreads.hits.sum(), s.timersFired(),
                s.mWakeUps.sum(), s.mWakeUpsWhileSpinning.sum());
        return new Snapshot(s.uptimeMillis(), procs, s.config.runqCapacity(), ps, s.globalRunqSize(), ms,
                new Goroutines(running, runnable, waiting, syscall), totals,
                TimeHistogram.toSnapshot(latency, latencySum), TimeHistogram.toSnapshot(slices, sliceSum), deadlock);
    }

    private static ProcStatus procStatus(int status) {
        return switch (status) {
            case P.RUNNING -> ProcStatus.RUNNING;
            case P.SYSCALL -> ProcStatus.SYSCALL;
            default -> ProcStatus.IDLE;
        };
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.List;

/**
 * A workload whose one run yields several figures, each a row of its own (e.g. the wall time and
 * the CPU time of the same sleep storm): the first row is the workload's own
 * {@link WorkloadInfo}, the others follow. The child JVM reports every row's median, so the rows
 * cost one run, not one each.
 */
public abstract class MultiRowWorkload extends AbstractWorkload {
    private final List<WorkloadInfo> rows;

    protected MultiRowWorkload(WorkloadInfo first, List<WorkloadInfo> more) {
        super(first);
        List<WorkloadInfo> all = new java.util.ArrayList<>();
        all.add(first);
        all.addAll(more);
        this.rows = List.copyOf(all);
    }

    @Override
    public final List<WorkloadInfo> rows() {
        return rows;
    }

    /** One figure per row, in {@link #rows()} order. */
    @Override
    public abstract double[] measureRows(Scheduler side, Size size) throws Exception;

    /** The first row's figure of a whole run; the harness calls {@link #measureRows}. */
    @Override
    public final double measure(Scheduler side, Size size) throws Exception {
        return measureRows(side, size)[0];
    }
}

package dev.gmp.bench.workload;

import dev.gmp.bench.Scheduler;
import java.util.List;

/**
 * A workload whose one run yields several figures, each a row of its own (e.g. the wall time and
 * the CPU time of the same sleep storm). The child JVM reports every row's median, so the rows cost
 * one run, not one each.
 */
public abstract class MultiRowWorkload extends AbstractWorkload {
    private final List<WorkloadInfo> rows;

    /**
     * @param name the workload's id on the command line ({@code --only}); it may equal the first row's
     * @param rows the rows in table order, at least one
     */
    protected MultiRowWorkload(String name, List<WorkloadInfo> rows) {
        super(named(name, rows.getFirst()));
        this.rows = List.copyOf(rows);
    }

    private static WorkloadInfo named(String name, WorkloadInfo first) {
        return new WorkloadInfo(name, first.title(), first.unit(), first.goal(), first.method(), first.go());
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

package dev.gmp.bench.workload;

/**
 * What a workload says about itself, apart from how it measures: the row's identity and text in the
 * table, and its Go anchor. One constant per row, handed to {@link AbstractWorkload}.
 *
 * @param name   the id used on the command line, {@link Workload#name()}
 * @param title  the table's description of the work, {@link Workload#title()}
 * @param unit   the unit of the figure, {@link Workload#unit()}
 * @param goal   the target, {@link Workload#goal()}
 * @param method how each side does the work, {@link Workload#method()}
 * @param go     the Go anchor for the same work, or null when Go has none, {@link Workload#go()}
 */
public record WorkloadInfo(String name, String title, String unit, Goal goal, String method, GoFigure go) {
    public WorkloadInfo {
        if (name == null || !name.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("workload name must be a lower-case id, got '" + name + "'");
        }
        if (title == null || title.isBlank() || unit == null || unit.isBlank() || method == null || method.isBlank()) {
            throw new IllegalArgumentException("workload " + name + " needs a title, a unit and a method");
        }
        if (goal == null) {
            throw new IllegalArgumentException("workload " + name + " needs a goal (Goal.report for none)");
        }
    }

    /** A workload Go has no anchor for. */
    public WorkloadInfo(String name, String title, String unit, Goal goal, String method) {
        this(name, title, unit, goal, method, null);
    }
}

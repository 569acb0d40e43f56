package dev.gmp.bench.workload;

/**
 * Which command of the Go anchor program ({@code shared/anchors/go/main.go}) measures the same
 * workload, and the factor that turns its printed figure into the workload's unit.
 *
 * @param command the anchor's argument: pingpong, skynet, spawn, parked or handoff
 * @param toUnit  multiply the anchor's figure by this (e.g. 0.001 for µs to ms)
 * @param note    how Go's figure differs in method, or "" (shown under the table)
 */
public record GoFigure(String command, double toUnit, String note) {
    public GoFigure {
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("Go anchor command must not be blank");
        }
        if (!(toUnit > 0)) {
            throw new IllegalArgumentException("Go unit factor must be positive, got " + toUnit);
        }
    }

    public static GoFigure same(String command) {
        return new GoFigure(command, 1.0, "");
    }
}

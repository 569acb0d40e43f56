package dev.gmp.bench.workload;

/**
 * Which Go program measures the same workload, with which argument, and the factor that turns its
 * printed figure into the workload's unit. The program is the shared anchor
 * ({@code shared/anchors/go/main.go}, {@link #ANCHOR}) or one of this project's own Go twins,
 * {@code benchmarks/src/main/go/<program>/main.go}, for rows the anchor does not cover. Either
 * prints one line {@code go <metric> <value>} for its argument.
 *
 * @param program {@link #ANCHOR} or the name of a twin's directory, e.g. "fairness"
 * @param command the program's argument, e.g. the anchor's pingpong, skynet, spawn, parked or handoff
 * @param toUnit  multiply the program's figure by this (e.g. 0.001 for µs to ms)
 * @param note    how Go's figure differs in method, or "" (shown under the table)
 */
public record GoFigure(String program, String command, double toUnit, String note) {
    /** The program name of the shared anchor. */
    public static final String ANCHOR = "anchor";

    /** The anchor's ping-pong, the Go figure of every ping-pong row. */
    public static final GoFigure UNBUFFERED_PINGPONG = new GoFigure("pingpong", 1.0, "Go: unbuffered channels");

    public GoFigure {
        if (program == null || !program.matches("[a-z][a-z0-9-]*")) {
            throw new IllegalArgumentException("Go program must be a lower-case name, got '" + program + "'");
        }
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("Go command must not be blank");
        }
        if (!(toUnit > 0)) {
            throw new IllegalArgumentException("Go unit factor must be positive, got " + toUnit);
        }
    }

    /** A figure of the shared anchor. */
    public GoFigure(String command, double toUnit, String note) {
        this(ANCHOR, command, toUnit, note);
    }

    public static GoFigure same(String command) {
        return new GoFigure(command, 1.0, "");
    }

    /** A figure of this project's Go twin {@code program}, in the workload's own unit. */
    public static GoFigure twin(String program, String command, String note) {
        return new GoFigure(program, command, 1.0, note);
    }
}

package dev.gmp.bench.workload;

/**
 * A workload as its {@link WorkloadInfo} plus its {@link #measure} body: a subclass passes its
 * descriptor to the constructor and overrides only what is its own (procs, JVM options, repeat
 * counts, rendering).
 */
public abstract class AbstractWorkload implements Workload {
    private final WorkloadInfo info;

    protected AbstractWorkload(WorkloadInfo info) {
        this.info = info;
    }

    @Override
    public final String name() {
        return info.name();
    }

    @Override
    public final String title() {
        return info.title();
    }

    @Override
    public final String unit() {
        return info.unit();
    }

    @Override
    public final Goal goal() {
        return info.goal();
    }

    @Override
    public final String method() {
        return info.method();
    }

    @Override
    public final GoFigure go() {
        return info.go();
    }
}

package dev.gmp.sched;

/**
 * Gs with no scheduler and no thread, for the run-queue and registry tests, which look only at a
 * G's identity and goid. The runtime itself ships no such factory.
 */
public final class DetachedGs {
    private DetachedGs() {}

    public static G of(long goid) {
        return new G(goid);
    }

    /** A detached G marked as a system goroutine, as the agent marks the JDK's own virtual threads. */
    public static G system(long goid) {
        G g = new G(goid);
        g.markSystem();
        return g;
    }
}

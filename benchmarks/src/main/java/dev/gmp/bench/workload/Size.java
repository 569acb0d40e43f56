package dev.gmp.bench.workload;

/** How big a run is: FULL for the published figures, QUICK (small sizes) for CI and smoke tests. */
public enum Size {
    QUICK,
    FULL;

    /** The value for this size. */
    public int pick(int quick, int full) {
        return this == QUICK ? quick : full;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses "quick" or "full". */
    public static Size byId(String id) {
        for (Size s : values()) {
            if (s.id().equals(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown size '" + id + "'; valid: quick, full");
    }
}

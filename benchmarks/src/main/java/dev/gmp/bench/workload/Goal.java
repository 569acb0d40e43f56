package dev.gmp.bench.workload;

/**
 * A workload's target, checked against the medians. Every figure is lower-is-better.
 * A bound that does not apply is NaN.
 *
 * @param text        the goal as the table shows it
 * @param maxJdkRatio gmp / JDK must be at most this
 * @param maxGoRatio  gmp / Go must be at most this
 * @param maxValue    gmp's figure itself must be at most this (in the workload's unit)
 */
public record Goal(String text, double maxJdkRatio, double maxGoRatio, double maxValue) {

    /** No target: the figure is reported for information. */
    public static Goal report(String text) {
        return new Goal(text, Double.NaN, Double.NaN, Double.NaN);
    }

    public static Goal ratios(String text, double maxJdkRatio, double maxGoRatio) {
        return new Goal(text, maxJdkRatio, maxGoRatio, Double.NaN);
    }

    public static Goal atMost(String text, double maxValue) {
        return new Goal(text, Double.NaN, Double.NaN, maxValue);
    }

    /**
     * "met", "missed", "report" (no target), or a note when a needed figure is missing. A missing
     * Go figure (Go not installed) leaves the JDK check standing: "met vs JDK (no Go figure)".
     */
    public String verdict(double gmp, double jdk, double go) {
        return verdict(gmp, jdk, gmp / jdk, go);
    }

    /**
     * As {@link #verdict(double, double, double)}, with gmp's ratio to the JDK given: for rows whose
     * ratio is not the medians' (the median of paired ratios).
     */
    public String verdict(double gmp, double jdk, double gmpOverJdk, double go) {
        if (Double.isNaN(maxJdkRatio) && Double.isNaN(maxGoRatio) && Double.isNaN(maxValue)) {
            return "report";
        }
        if (Double.isNaN(gmp)) {
            return "no gmp figure";
        }
        boolean missed = false;
        boolean unknown = false;
        if (!Double.isNaN(maxValue)) {
            missed |= gmp > maxValue;
        }
        if (!Double.isNaN(maxJdkRatio)) {
            if (Double.isNaN(jdk)) unknown = true; else missed |= gmpOverJdk > maxJdkRatio;
        }
        boolean noGo = false;
        if (!Double.isNaN(maxGoRatio)) {
            if (Double.isNaN(go)) noGo = true; else missed |= gmp > maxGoRatio * go;
        }
        if (missed) {
            return "missed";
        }
        if (unknown) {
            return "no JDK figure";
        }
        return noGo ? "met vs JDK (no Go figure)" : "met";
    }
}

package dev.gmp.bench.workload;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Medians of measured figures ("never" figures are +infinity and sort last), and quantiles of samples. */
public final class Stats {
    private Stats() {}

    /** The median (mean of the two middle values for an even count), or NaN for no values. */
    public static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        if (sorted.size() % 2 == 1) {
            return sorted.get(mid);
        }
        double low = sorted.get(mid - 1), high = sorted.get(mid);
        return low == high ? low : (low + high) / 2; // inf + inf stays inf; inf - inf would not
    }

    /** The {@code q} quantile (0..1) of {@code sorted} (ascending, not empty), by nearest rank. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no samples to take a quantile of");
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)];
    }
}

// SPDX-License-Identifier: Apache-2.0
package dev.livepipe.bench;

import java.util.Collection;
import java.util.Locale;

/** Nearest-rank percentiles. */
final class Percentiles {

    private Percentiles() {
    }

    /** The p-th (0..100) nearest-rank percentile, or NaN for no values. */
    static double of(Collection<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * v.length);
        return v[Math.max(0, Math.min(v.length - 1, rank - 1))];
    }

    /** "p50 / p99" with no decimals, or "n/a". */
    static String pair(double p50, double p99) {
        if (Double.isNaN(p50)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.0f / %.0f", p50, p99);
    }
}

package dev.magpie.cli;

import java.util.Arrays;

/** Percentiles of one stage's latencies, in milliseconds. */
record LatencySummary(String stage, int count, double p50, double p90, double p99, double mean) {

    static LatencySummary of(String stage, long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (long n : sorted) {
            sum += n;
        }
        return new LatencySummary(stage, sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.90),
                percentile(sorted, 0.99), sum / sorted.length / 1e6);
    }

    private static double percentile(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    static String header() {
        return String.format(java.util.Locale.ROOT, "  %-22s %8s %8s %8s %8s", "stage", "p50 ms", "p90 ms", "p99 ms", "mean ms");
    }

    String row() {
        return String.format(java.util.Locale.ROOT, "  %-22s %8.2f %8.2f %8.2f %8.2f", stage, p50, p90, p99, mean);
    }
}

package dev.brickyard.bench;

import java.util.Arrays;

/** Latencies of one contender in nanoseconds, with the percentiles the reports use. */
final class LatencySamples {
    private long[] samples = new long[1024];
    private int count;

    void add(long nanos) {
        if (count == samples.length) {
            samples = Arrays.copyOf(samples, count * 2);
        }
        samples[count++] = nanos;
    }

    int count() {
        return count;
    }

    /** The q-quantile (0..1) by nearest rank, in milliseconds. */
    double percentileMillis(double q) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
    }
}

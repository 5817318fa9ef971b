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

    /** Forgets every sample, e.g. those taken while warming up. */
    void clear() {
        count = 0;
    }

    int count() {
        return count;
    }

    /** All samples added up. */
    long totalNanos() {
        long total = 0;
        for (int i = 0; i < count; i++) {
            total += samples[i];
        }
        return total;
    }

    /** The q-quantile (0..1) by nearest rank, in milliseconds. */
    double percentileMillis(double q) {
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, rank))] / 1e6;
    }
}

package com.estatekit.vault.bench.load;

import java.util.Arrays;

/**
 * Recorded request latencies in nanoseconds and their percentiles. Exact (every sample kept and
 * sorted), which is affordable for the few hundred thousand requests a run makes.
 *
 * <p>Percentiles use the nearest-rank definition: the p-th percentile of n sorted samples is the
 * sample at rank {@code ceil(p/100 * n)} (1-based), so p100 is the maximum and p50 of an even count
 * is the lower middle sample. Not thread-safe: one recorder per client thread, then {@link #merge}.
 */
public final class Latencies {

    private long[] nanos = new long[1024];
    private int count;
    private boolean sorted = true;

    /** Adds one sample. */
    public void record(long latencyNanos) {
        if (latencyNanos < 0) {
            throw new IllegalArgumentException("latency must not be negative");
        }
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = latencyNanos;
        sorted = false;
    }

    /** Adds every sample of {@code other}. */
    public void merge(Latencies other) {
        if (count + other.count > nanos.length) {
            nanos = Arrays.copyOf(nanos, Math.max(nanos.length * 2, count + other.count));
        }
        System.arraycopy(other.nanos, 0, nanos, count, other.count);
        count += other.count;
        sorted = false;
    }

    public int count() {
        return count;
    }

    /**
     * The nearest-rank percentile in nanoseconds.
     *
     * @param percentile in (0, 100]
     * @throws IllegalStateException when there are no samples
     */
    public long percentile(double percentile) {
        if (!(percentile > 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100], was " + percentile);
        }
        if (count == 0) {
            throw new IllegalStateException("no samples");
        }
        sort();
        int rank = (int) Math.ceil(percentile / 100.0 * count);
        return nanos[Math.max(rank, 1) - 1];
    }

    /** Arithmetic mean in nanoseconds, 0 without samples. */
    public double mean() {
        if (count == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += nanos[i];
        }
        return sum / count;
    }

    /** p50, p95, p99 and max in milliseconds; all zero without samples. */
    public Summary summary() {
        if (count == 0) {
            return new Summary(0, 0, 0, 0, 0, 0);
        }
        return new Summary(count, millis(percentile(50)), millis(percentile(95)), millis(percentile(99)),
                millis(percentile(100)), mean() / 1e6);
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(nanos, 0, count);
            sorted = true;
        }
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }

    /** Latency percentiles in milliseconds. */
    public record Summary(int samples, double p50, double p95, double p99, double max, double mean) {
    }
}

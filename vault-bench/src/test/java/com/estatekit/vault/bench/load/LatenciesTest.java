package com.estatekit.vault.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentiles_use_the_nearest_rank_of_the_sorted_samples() {
        Latencies latencies = new Latencies();
        for (long value = 100; value >= 1; value--) { // out of order on purpose
            latencies.record(value);
        }

        assertThat(latencies.percentile(50)).isEqualTo(50);
        assertThat(latencies.percentile(95)).isEqualTo(95);
        assertThat(latencies.percentile(99)).isEqualTo(99);
        assertThat(latencies.percentile(100)).isEqualTo(100);
        assertThat(latencies.percentile(0.1)).isEqualTo(1);
    }

    @Test
    void a_small_sample_rounds_the_rank_up() {
        Latencies latencies = new Latencies();
        latencies.record(30);
        latencies.record(10);
        latencies.record(20);

        assertThat(latencies.percentile(50)).isEqualTo(20); // rank ceil(1.5) = 2
        assertThat(latencies.percentile(99)).isEqualTo(30);
    }

    @Test
    void merged_recorders_give_the_percentiles_of_all_samples_and_summary_is_in_milliseconds() {
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        for (int i = 1; i <= 2000; i++) {
            (i % 2 == 0 ? a : b).record(i * 1_000_000L);
        }
        a.merge(b);

        Latencies.Summary summary = a.summary();
        assertThat(summary.samples()).isEqualTo(2000);
        assertThat(summary.p50()).isEqualTo(1000.0);
        assertThat(summary.p95()).isEqualTo(1900.0);
        assertThat(summary.p99()).isEqualTo(1980.0);
        assertThat(summary.max()).isEqualTo(2000.0);
    }

    @Test
    void no_samples_is_an_error_for_a_percentile_and_zeros_for_a_summary() {
        Latencies empty = new Latencies();

        assertThatThrownBy(() -> empty.percentile(50)).isInstanceOf(IllegalStateException.class);
        assertThat(empty.summary().samples()).isZero();
        assertThatThrownBy(() -> empty.percentile(0)).isInstanceOf(IllegalArgumentException.class);
    }
}

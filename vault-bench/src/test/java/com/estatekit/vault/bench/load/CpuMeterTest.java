package com.estatekit.vault.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CpuMeterTest {

    @Test
    void process_ticks_are_utime_plus_stime_even_when_the_name_has_spaces_and_parentheses() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 1234 567 0 0 20 0 40 0 100 0 0";

        assertThat(CpuMeter.parseProcessTicks(stat)).isEqualTo(1234 + 567);
    }

    @Test
    void usage_splits_busy_cores_into_app_generator_and_other() {
        CpuMeter.Snapshot from = new CpuMeter.Snapshot(0, 1000, 100, 50);
        CpuMeter.Snapshot to = new CpuMeter.Snapshot(2_000_000_000L, 1400, 250, 100);

        CpuMeter.Usage usage = CpuMeter.between(from, to);

        assertThat(usage.total()).isEqualTo(2.0);
        assertThat(usage.app()).isEqualTo(0.75);
        assertThat(usage.generator()).isEqualTo(0.25);
        assertThat(usage.other()).isEqualTo(1.0);
    }
}

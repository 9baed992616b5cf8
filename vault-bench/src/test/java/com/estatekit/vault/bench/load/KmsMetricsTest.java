package com.estatekit.vault.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KmsMetricsTest {

    private static final String SCRAPE = """
            # HELP vault_crypto_provider The JCE provider doing the vault's public-key crypto
            # TYPE vault_crypto_provider gauge
            vault_crypto_provider{kind="ACCP",provider="ACCP 2.5.0 (AWS-LC v1.47.0)"} 1.0
            # TYPE vault_kms_calls_total counter
            vault_kms_calls_total{operation="Decrypt",outcome="success"} 64.0
            vault_kms_calls_total{operation="Decrypt",outcome="unavailable"} 2.0
            vault_kms_calls_total{operation="GenerateDataKeyPairWithoutPlaintext",outcome="success"} 1234.0
            vault_kms_latency_seconds_count{operation="Decrypt"} 66
            """;

    @Test
    void calls_are_summed_over_outcomes_by_operation() {
        Map<String, Long> calls = KmsMetrics.callsByOperation(SCRAPE);

        assertThat(calls).containsEntry("Decrypt", 66L).containsEntry("GenerateDataKeyPairWithoutPlaintext", 1234L).hasSize(2);
    }

    @Test
    void the_delta_is_per_operation_or_over_all_of_them() {
        Map<String, Long> before = Map.of("Decrypt", 60L);
        Map<String, Long> after = Map.of("Decrypt", 66L, "GenerateDataKeyPairWithoutPlaintext", 3L);

        assertThat(KmsMetrics.delta(before, after, "Decrypt")).isEqualTo(6);
        assertThat(KmsMetrics.delta(before, after, null)).isEqualTo(9);
    }

    @Test
    void the_provider_label_names_the_active_provider() {
        assertThat(KmsMetrics.cryptoProvider(SCRAPE)).isEqualTo("ACCP 2.5.0 (AWS-LC v1.47.0)");
        assertThat(KmsMetrics.cryptoProvider("")).isEqualTo("unknown");
    }
}

package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KmsVaultConfigTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab",
        "1234abcd-12ab-34cd-56ef-1234567890ab",
        "alias/estatekit-vault",
        "arn:aws:kms:eu-west-1:111122223333:alias/estatekit-vault"})
    void every_form_kms_accepts_for_a_key_id_is_accepted(String keyId) {
        assertThat(KmsVaultConfig.of(keyId).masterKeyId()).isEqualTo(keyId);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "estatekit-vault", "arn:aws:kms:eu-west-1:111122223333:key/", "arn:aws:s3:::bucket",
        "alias/", "key/1234abcd-12ab-34cd-56ef-1234567890ab"})
    void anything_else_is_refused_with_a_message_naming_the_forms(String keyId) {
        assertThatThrownBy(() -> KmsVaultConfig.of(keyId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("KMS master key id");
    }

    @Test
    void defaults_leave_region_and_endpoint_to_the_sdk() {
        KmsVaultConfig config = KmsVaultConfig.of("alias/estatekit-vault");

        assertThat(config.region()).isNull();
        assertThat(config.endpointOverride()).isNull();
        assertThat(config.apiCallTimeout()).isEqualTo(KmsVaultConfig.DEFAULT_API_CALL_TIMEOUT);
        assertThat(config.apiCallAttemptTimeout()).isEqualTo(KmsVaultConfig.DEFAULT_ATTEMPT_TIMEOUT);
        assertThat(config.maxAttempts()).isEqualTo(3);
        assertThat(config.apiCallTimeout()).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void an_attempt_timeout_longer_than_the_call_timeout_is_refused_with_what_to_change() {
        assertThatThrownBy(() -> KmsVaultConfig.of("alias/a").withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not exceed the API call timeout");
    }

    @Test
    void bad_endpoints_regions_timeouts_and_attempts_are_refused() {
        KmsVaultConfig config = KmsVaultConfig.of("alias/a");

        assertThatThrownBy(() -> config.withEndpointOverride(URI.create("localhost:4566"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withEndpointOverride(URI.create("ftp://kms.local"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withRegion("Europe")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withTimeouts(Duration.ZERO, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> config.withMaxAttempts(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(config.withEndpointOverride(URI.create("http://127.0.0.1:4566")).withRegion("eu-west-1").region()).isEqualTo("eu-west-1");
    }
}

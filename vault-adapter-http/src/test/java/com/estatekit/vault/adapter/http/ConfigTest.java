package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConfigTest {

    private static final String COGNITO = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf";

    @Test
    void cognito_defaults_derive_the_jwks_location_from_the_issuer() {
        AuthConfig config = AuthConfig.forIssuer(COGNITO);

        assertThat(config.jwksUri()).isEqualTo(URI.create(COGNITO + "/.well-known/jwks.json"));
        assertThat(config.allowedClientIds()).isEmpty();
        assertThat(config.scopePrefix()).isEqualTo("vault/");
        assertThat(config.clockSkew()).isEqualTo(Duration.ofSeconds(60));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cognito", "http://cognito-idp.eu-west-1.amazonaws.com/pool", "ftp://localhost/pool",
            "https://cognito-idp.eu-west-1.amazonaws.com/pool/", "https://host/pool?x=1", "https://user@host/pool"})
    void unusable_issuers_are_refused_with_a_message_saying_what_to_change(String issuer) {
        assertThatThrownBy(() -> AuthConfig.forIssuer(issuer))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("issuer");
    }

    @Test
    void plain_http_is_allowed_only_on_loopback() {
        assertThat(AuthConfig.forIssuer("http://localhost:8089/pool").issuer()).isEqualTo("http://localhost:8089/pool");
        assertThat(AuthConfig.forIssuer("http://127.0.0.1:8089/pool").jwksUri().toString())
                .isEqualTo("http://127.0.0.1:8089/pool/.well-known/jwks.json");
    }

    @Test
    void conflicting_or_out_of_range_settings_are_refused() {
        AuthConfig base = AuthConfig.forIssuer(COGNITO);

        assertThatThrownBy(() -> base.withJwksTiming(Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .hasMessageContaining("jwksMinRefreshInterval must be shorter than jwksCacheTtl");
        assertThatThrownBy(() -> base.withClockSkew(Duration.ofMinutes(10))).hasMessageContaining("clockSkew");
        assertThatThrownBy(() -> base.withScopePrefix("vault /")).hasMessageContaining("scopePrefix");
        assertThatThrownBy(() -> base.withAllowedClientIds(List.of(" padded"))).hasMessageContaining("allowedClientIds");
        assertThatThrownBy(() -> new Limits(0, 1, 4096)).hasMessageContaining("maxItemsPerBatch");
        assertThatThrownBy(() -> new Limits(1, 0, 4096)).hasMessageContaining("maxItemBytes");
        assertThatThrownBy(() -> new Limits(1, 1, 10)).hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> ApiConfig.onPort(70000)).hasMessageContaining("port");
    }

    @Test
    void the_longest_accepted_ciphertext_fits_a_maximal_plaintext() {
        Limits limits = new Limits(10, 100, 4096);

        // ek1:<10 digits>:<base64url of 65 + 16 + 100 bytes>
        assertThat(limits.maxCiphertextChars()).isEqualTo(4 + 10 + 1 + (int) Math.ceil((65 + 16 + 100) * 4 / 3.0));
    }

    @Test
    void utf8_lengths_are_counted_without_encoding() {
        assertThat(RequestBodies.utf8Length("abc")).isEqualTo(3);
        assertThat(RequestBodies.utf8Length("é")).isEqualTo(2);
        assertThat(RequestBodies.utf8Length("✓")).isEqualTo(3);
        assertThat(RequestBodies.utf8Length("🗝")).isEqualTo(4);
        assertThat(RequestBodies.utf8Length("\uD800")).isEqualTo(3);
    }

    @Test
    void json_content_types_are_recognised_strictly() {
        assertThat(ApiHandlers.isJson("application/json")).isTrue();
        assertThat(ApiHandlers.isJson("Application/JSON; charset=\"utf-8\"")).isTrue();
        assertThat(ApiHandlers.isJson("application/json;")).isTrue();
        assertThat(ApiHandlers.isJson("application/json; charset=utf-16")).isFalse();
        assertThat(ApiHandlers.isJson("application/json; q=1")).isFalse();
        assertThat(ApiHandlers.isJson(null)).isFalse();
    }
}

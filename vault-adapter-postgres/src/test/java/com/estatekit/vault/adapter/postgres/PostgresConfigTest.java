package com.estatekit.vault.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PostgresConfigTest {

    private static final PostgresConfig BASE = PostgresConfig.of("jdbc:postgresql://db:5432/vault", "vault", "pw");

    @Test
    void defaults_are_the_documented_ones() {
        assertThat(BASE.schema()).isEqualTo("vault");
        assertThat(BASE.maxPoolSize()).isEqualTo(10);
        assertThat(BASE.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(BASE.socketTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(BASE.statementTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(BASE.poolTimeout()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void a_missing_password_means_none() {
        assertThat(PostgresConfig.of("jdbc:postgresql://db/vault", "vault", null).password()).isEmpty();
    }

    @Test
    void the_seeds_mixed_case_schema_is_accepted_and_quoted() {
        assertThat(BASE.withSchema("Vault").quotedSchema()).isEqualTo("\"Vault\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1vault", "vault\"; drop schema x", "va-ult", "pg_vault", "PG_x", "with space",
            "a123456789012345678901234567890123456789012345678901234567890123"})
    void unsafe_or_invalid_schema_names_are_refused(String schema) {
        assertThatThrownBy(() -> BASE.withSchema(schema)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("schema ");
    }

    @Test
    void a_non_postgresql_url_or_blank_user_is_refused() {
        assertThatThrownBy(() -> PostgresConfig.of("jdbc:mysql://db/vault", "vault", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("jdbcUrl ");
        assertThatThrownBy(() -> PostgresConfig.of(null, "vault", "pw")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PostgresConfig.of("jdbc:postgresql://db/vault", " ", "pw"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("user ");
    }

    @Test
    void pool_sizes_outside_one_to_two_hundred_are_refused() {
        assertThatThrownBy(() -> BASE.withMaxPoolSize(0)).hasMessageStartingWith("maxPoolSize ");
        assertThatThrownBy(() -> BASE.withMaxPoolSize(201)).hasMessageStartingWith("maxPoolSize ");
        assertThat(BASE.withMaxPoolSize(200).maxPoolSize()).isEqualTo(200);
    }

    @Test
    void driver_timeouts_must_be_whole_seconds() {
        assertThatThrownBy(() -> BASE.withTimeouts(Duration.ofMillis(1500), Duration.ofSeconds(5), Duration.ofSeconds(2),
                Duration.ofSeconds(2))).hasMessageStartingWith("connectTimeout ");
        assertThatThrownBy(() -> BASE.withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(5500), Duration.ofSeconds(2),
                Duration.ofSeconds(2))).hasMessageStartingWith("socketTimeout ");
    }

    @Test
    void a_statement_timeout_not_shorter_than_the_socket_timeout_is_refused_with_what_to_change() {
        assertThatThrownBy(() -> BASE.withStatementTimeout(Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("raise socketTimeout or lower statementTimeout");
    }

    @Test
    void missing_or_too_short_timeouts_are_refused() {
        assertThatThrownBy(() -> BASE.withPoolTimeout(Duration.ofMillis(100))).hasMessageStartingWith("poolTimeout ");
        assertThatThrownBy(() -> BASE.withPoolTimeout(null)).hasMessageStartingWith("poolTimeout ");
        assertThatThrownBy(() -> BASE.withStatementTimeout(Duration.ZERO)).hasMessageStartingWith("statementTimeout ");
    }
}

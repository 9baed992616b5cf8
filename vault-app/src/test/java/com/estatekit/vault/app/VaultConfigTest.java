package com.estatekit.vault.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VaultConfigTest {

    private static Map<String, String> production() {
        Map<String, String> env = new HashMap<>();
        env.put("VAULT_DB_URL", "jdbc:postgresql://db.internal:5432/vault");
        env.put("VAULT_DB_USER", "vault");
        env.put("VAULT_DB_PASSWORD", "s3cret-canary-password");
        env.put("VAULT_KMS_KEY_ID", "alias/estatekit-vault");
        env.put("VAULT_OAUTH_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123");
        return env;
    }

    @Test
    void production_is_the_default_and_takes_the_brief_defaults() {
        VaultConfig config = VaultConfig.fromEnvironment(production());

        assertThat(config.environment()).isEqualTo(VaultConfig.Environment.PRODUCTION);
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.managementPort()).isEqualTo(8081);
        assertThat(config.dbSchema()).isEqualTo("vault");
        assertThat(config.scopePrefix()).isEqualTo("vault/");
        assertThat(config.keyCacheTtl()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.oauthClientIds()).isEmpty();
        assertThat(config.rateLimitPerClient()).isZero();
    }

    @Test
    void every_setting_is_read() {
        Map<String, String> env = production();
        env.put("VAULT_ENV", "dev");
        env.put("VAULT_HTTP_PORT", "9000");
        env.put("VAULT_MANAGEMENT_PORT", "9001");
        env.put("VAULT_DB_SCHEMA", "Vault");
        env.put("VAULT_OAUTH_CLIENT_IDS", "abc123, def456 ,");
        env.put("VAULT_SCOPE_PREFIX", "https://vault.estatekit.com/");
        env.put("VAULT_KEY_CACHE_TTL", "PT0S");
        env.put("VAULT_MAX_BATCH_ITEMS", "50");
        env.put("VAULT_RATE_LIMIT_PER_CLIENT", "200");

        VaultConfig config = VaultConfig.fromEnvironment(env);

        assertThat(config.environment()).isEqualTo(VaultConfig.Environment.DEV);
        assertThat(config.httpPort()).isEqualTo(9000);
        assertThat(config.managementPort()).isEqualTo(9001);
        assertThat(config.dbSchema()).isEqualTo("Vault");
        assertThat(config.oauthClientIds()).containsExactlyInAnyOrder("abc123", "def456");
        assertThat(config.scopePrefix()).isEqualTo("https://vault.estatekit.com/");
        assertThat(config.keyCacheTtl()).isZero();
        assertThat(config.maxBatchItems()).isEqualTo(50);
        assertThat(config.rateLimitPerClient()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "VAULT_DB_URL|VAULT_DB_URL is required when VAULT_ENV=production",
        "VAULT_KMS_KEY_ID|VAULT_KMS_KEY_ID is required when VAULT_ENV=production",
        "VAULT_OAUTH_ISSUER|VAULT_OAUTH_ISSUER is required when VAULT_ENV=production"
    })
    void production_refuses_to_start_without_its_dependencies(String missing, String message) {
        Map<String, String> env = production();
        env.remove(missing);

        assertThatThrownBy(() -> VaultConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "VAULT_ENV|staging|VAULT_ENV must be one of: production, dev",
        "VAULT_HTTP_PORT|http|VAULT_HTTP_PORT must be a TCP port",
        "VAULT_HTTP_PORT|70000|VAULT_HTTP_PORT must be a TCP port",
        "VAULT_MANAGEMENT_PORT|-1|VAULT_MANAGEMENT_PORT must be a TCP port",
        "VAULT_MANAGEMENT_PORT|8080|VAULT_MANAGEMENT_PORT must differ from VAULT_HTTP_PORT",
        "VAULT_DB_URL|postgres://db/vault|VAULT_DB_URL must be a PostgreSQL JDBC URL",
        "VAULT_DB_SCHEMA|vault; drop table x|VAULT_DB_SCHEMA must be a schema name",
        "VAULT_KMS_KEY_ID|my-key|VAULT_KMS_KEY_ID must be a KMS key ARN",
        "VAULT_OAUTH_ISSUER|cognito|VAULT_OAUTH_ISSUER must be an https URL",
        "VAULT_OAUTH_ISSUER|https://issuer.example/|VAULT_OAUTH_ISSUER must be an https URL",
        "VAULT_OAUTH_ISSUER|http://issuer.example/pool|VAULT_OAUTH_ISSUER must be an https URL (http only for localhost)",
        "VAULT_OAUTH_CLIENT_IDS|ok,not ok|VAULT_OAUTH_CLIENT_IDS must be a comma-separated list",
        "VAULT_SCOPE_PREFIX|vault /|VAULT_SCOPE_PREFIX must be a scope prefix",
        "VAULT_KEY_CACHE_TTL|60|VAULT_KEY_CACHE_TTL must be an ISO-8601 duration",
        "VAULT_KEY_CACHE_TTL|-PT1S|VAULT_KEY_CACHE_TTL must be between PT0S and PT1H",
        "VAULT_KEY_CACHE_TTL|PT2H|VAULT_KEY_CACHE_TTL must be between PT0S and PT1H",
        "VAULT_MAX_BATCH_ITEMS|0|VAULT_MAX_BATCH_ITEMS must be an integer between 1 and",
        "VAULT_RATE_LIMIT_PER_CLIENT|-5|VAULT_RATE_LIMIT_PER_CLIENT must be an integer between 0 and"
    })
    void a_malformed_setting_stops_start_up_with_one_line_naming_it(String name, String value, String message) {
        Map<String, String> env = production();
        env.put(name, value);

        assertThatThrownBy(() -> VaultConfig.fromEnvironment(env))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageStartingWith(message)
                .hasMessageNotContaining("\n");
    }

    @Test
    void the_password_never_appears_in_toString_or_errors() {
        Map<String, String> env = production();
        env.put("VAULT_DB_URL", "jdbc:postgresql://db:5432/vault?password=url-canary-password");
        VaultConfig config = VaultConfig.fromEnvironment(env);

        assertThat(config.toString()).doesNotContain("s3cret-canary-password").doesNotContain("url-canary-password");
    }
}

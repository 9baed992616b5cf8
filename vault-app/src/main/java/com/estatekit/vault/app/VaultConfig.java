package com.estatekit.vault.app;

import com.estatekit.vault.adapter.http.AuthConfig;
import com.estatekit.vault.adapter.http.Limits;
import com.estatekit.vault.adapter.kms.KmsVaultConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every setting the vault reads, read once from the environment and validated at start. Names are
 * the brief's (operators and deployment files depend on them). A missing or malformed setting stops
 * start-up with a {@link ConfigurationException} naming the variable and what it expects.
 *
 * <p>Production is the default and the strictest mode: it needs the database, the KMS master key
 * and the token issuer, and never falls back to a dev part.
 */
public record VaultConfig(
        Environment environment,
        int httpPort,
        int managementPort,
        Optional<String> dbUrl,
        Optional<String> dbUser,
        Optional<String> dbPassword,
        String dbSchema,
        Optional<String> kmsKeyId,
        Optional<String> awsRegion,
        Optional<URI> kmsEndpoint,
        Optional<URI> oauthIssuer,
        Set<String> oauthClientIds,
        String scopePrefix,
        Duration keyCacheTtl,
        int maxBatchItems,
        int maxItemBytes,
        int maxBodyBytes,
        int rateLimitPerClient,
        int devIssuerPort,
        Path devStateDirectory) {

    /** Where the vault runs. */
    public enum Environment {
        /** Real PostgreSQL, AWS KMS and Cognito; no dev part may start. */
        PRODUCTION,
        /** Local dev KMS and OAuth2 issuer; never with real data. */
        DEV
    }

    static final String ENV = "VAULT_ENV";
    static final String HTTP_PORT = "VAULT_HTTP_PORT";
    static final String MANAGEMENT_PORT = "VAULT_MANAGEMENT_PORT";
    static final String DB_URL = "VAULT_DB_URL";
    static final String DB_USER = "VAULT_DB_USER";
    static final String DB_PASSWORD = "VAULT_DB_PASSWORD";
    static final String DB_SCHEMA = "VAULT_DB_SCHEMA";
    static final String KMS_KEY_ID = "VAULT_KMS_KEY_ID";
    static final String AWS_REGION = "AWS_REGION";
    static final String AWS_ENDPOINT_URL_KMS = "AWS_ENDPOINT_URL_KMS";
    static final String OAUTH_ISSUER = "VAULT_OAUTH_ISSUER";
    static final String OAUTH_CLIENT_IDS = "VAULT_OAUTH_CLIENT_IDS";
    static final String SCOPE_PREFIX = "VAULT_SCOPE_PREFIX";
    static final String KEY_CACHE_TTL = "VAULT_KEY_CACHE_TTL";
    static final String MAX_BATCH_ITEMS = "VAULT_MAX_BATCH_ITEMS";
    static final String MAX_ITEM_BYTES = "VAULT_MAX_ITEM_BYTES";
    static final String MAX_BODY_BYTES = "VAULT_MAX_BODY_BYTES";
    static final String RATE_LIMIT_PER_CLIENT = "VAULT_RATE_LIMIT_PER_CLIENT";
    static final String DEV_ISSUER_PORT = "VAULT_DEV_ISSUER_PORT";
    static final String DEV_DIR = "VAULT_DEV_DIR";

    /** Every variable the vault reads. */
    public static final Set<String> VARIABLES = Set.of(ENV, HTTP_PORT, MANAGEMENT_PORT, DB_URL, DB_USER, DB_PASSWORD, DB_SCHEMA,
            KMS_KEY_ID, AWS_REGION, AWS_ENDPOINT_URL_KMS, OAUTH_ISSUER, OAUTH_CLIENT_IDS, SCOPE_PREFIX, KEY_CACHE_TTL,
            MAX_BATCH_ITEMS, MAX_ITEM_BYTES, MAX_BODY_BYTES, RATE_LIMIT_PER_CLIENT, DEV_ISSUER_PORT, DEV_DIR);

    /** Longest cache TTL accepted: an unwrapped private key should not outlive an hour in memory. */
    static final Duration MAX_KEY_CACHE_TTL = Duration.ofHours(1);

    /** The {@code VAULT_ENV} spelling of {@link #environment()}: {@code production} or {@code dev}. */
    public String environmentName() {
        return environment.name().toLowerCase(Locale.ROOT);
    }

    /** Never prints the database password. */
    @Override
    public String toString() {
        return "VaultConfig[environment=" + environment + ", httpPort=" + httpPort + ", managementPort=" + managementPort
                + ", dbUrl=" + dbUrl.map(VaultConfig::withoutCredentials).orElse("<unset>") + ", dbUser=" + dbUser.orElse("<unset>")
                + ", dbPassword=" + (dbPassword.isPresent() ? "<set>" : "<unset>") + ", dbSchema=" + dbSchema
                + ", kmsKeyId=" + kmsKeyId.orElse("<unset>") + ", awsRegion=" + awsRegion.orElse("<sdk default>")
                + ", kmsEndpoint=" + kmsEndpoint.map(URI::toString).orElse("<sdk default>") + ", oauthIssuer=" + oauthIssuer.map(URI::toString).orElse("<unset>")
                + ", oauthClientIds=" + oauthClientIds + ", scopePrefix=" + scopePrefix + ", keyCacheTtl=" + keyCacheTtl
                + ", maxBatchItems=" + maxBatchItems + ", maxItemBytes=" + maxItemBytes + ", maxBodyBytes=" + maxBodyBytes + ", rateLimitPerClient=" + rateLimitPerClient
                + ", devIssuerPort=" + devIssuerPort + ", devStateDirectory=" + devStateDirectory + "]";
    }

    /** Reads and validates the settings from {@code env} (normally {@link System#getenv()}). */
    public static VaultConfig fromEnvironment(Map<String, String> env) {
        Reader reader = new Reader(env);
        Environment environment = reader.environment();
        VaultConfig config = new VaultConfig(
                environment,
                reader.port(HTTP_PORT, 8080),
                reader.port(MANAGEMENT_PORT, 8081),
                reader.optional(DB_URL).map(url -> requireJdbcPostgres(url)),
                reader.optional(DB_USER),
                reader.optional(DB_PASSWORD),
                reader.optional(DB_SCHEMA).map(VaultConfig::requireSchemaName).orElse("vault"),
                reader.optional(KMS_KEY_ID).map(VaultConfig::requireKmsKeyId),
                reader.optional(AWS_REGION).map(VaultConfig::requireRegion),
                reader.optional(AWS_ENDPOINT_URL_KMS).map(VaultConfig::requireEndpoint),
                reader.optional(OAUTH_ISSUER).map(VaultConfig::requireIssuer),
                reader.optional(OAUTH_CLIENT_IDS).map(VaultConfig::clientIds).orElse(Set.of()),
                reader.optional(SCOPE_PREFIX).map(VaultConfig::requireScopePrefix).orElse("vault/"),
                reader.optional(KEY_CACHE_TTL).map(VaultConfig::requireTtl).orElse(Duration.ofSeconds(60)),
                reader.positiveInt(MAX_BATCH_ITEMS, Limits.DEFAULT_MAX_ITEMS_PER_BATCH, 100_000),
                reader.positiveInt(MAX_ITEM_BYTES, Limits.DEFAULT_MAX_ITEM_BYTES, 16 * 1024 * 1024),
                reader.positiveInt(MAX_BODY_BYTES, (int) Limits.DEFAULT_MAX_BODY_BYTES, 256 * 1024 * 1024),
                reader.nonNegativeInt(RATE_LIMIT_PER_CLIENT, 0, 1_000_000),
                reader.port(DEV_ISSUER_PORT, 8082),
                Path.of(reader.optional(DEV_DIR).orElse(".vault-dev")));
        if (environment == Environment.PRODUCTION) {
            config.requireForProduction(DB_URL, config.dbUrl, "a JDBC URL of the vault database, e.g. jdbc:postgresql://host:5432/vault");
            config.requireForProduction(KMS_KEY_ID, config.kmsKeyId, "the ARN or alias of the KMS master key, e.g. alias/estatekit-vault");
            config.requireForProduction(OAUTH_ISSUER, config.oauthIssuer,
                    "the token issuer, e.g. https://cognito-idp.<region>.amazonaws.com/<poolId>");
        }
        if (config.httpPort != 0 && config.httpPort == config.managementPort) {
            throw new ConfigurationException(MANAGEMENT_PORT + " must differ from " + HTTP_PORT
                    + ": health and metrics live on their own port");
        }
        return config;
    }

    private void requireForProduction(String name, Optional<?> value, String expected) {
        if (value.isEmpty()) {
            throw new ConfigurationException(name + " is required when " + ENV + "=production: set it to " + expected);
        }
    }

    private static String requireJdbcPostgres(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            throw new ConfigurationException(DB_URL + " must be a PostgreSQL JDBC URL starting with jdbc:postgresql://");
        }
        return url;
    }

    private static String requireSchemaName(String schema) {
        if (!schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
            throw new ConfigurationException(DB_SCHEMA + " must be a schema name of letters, digits and _ (at most 63), e.g. vault");
        }
        return schema;
    }

    /** The KMS adapter's own rule for master key ids, as one line. */
    private static String requireKmsKeyId(String keyId) {
        try {
            KmsVaultConfig.of(keyId);
            return keyId;
        } catch (IllegalArgumentException refused) {
            throw new ConfigurationException(KMS_KEY_ID + " must be a KMS key ARN, key id or alias (alias/<name> or an alias ARN)");
        }
    }

    private static String requireRegion(String region) {
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d{1,2}|local")) {
            throw new ConfigurationException(AWS_REGION + " must be an AWS region such as eu-west-1");
        }
        return region;
    }

    private static URI requireEndpoint(String endpoint) {
        try {
            URI uri = URI.create(endpoint);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an endpoint");
            }
            return uri;
        } catch (IllegalArgumentException malformed) {
            throw new ConfigurationException(AWS_ENDPOINT_URL_KMS + " must be an http(s) URL, e.g. https://kms.eu-west-1.amazonaws.com");
        }
    }

    /** The HTTP adapter's own rule (https, plain http only on loopback, no trailing slash), as one line. */
    private static URI requireIssuer(String issuer) {
        try {
            AuthConfig.forIssuer(issuer);
            return URI.create(issuer);
        } catch (IllegalArgumentException refused) {
            throw new ConfigurationException(OAUTH_ISSUER + " must be an https URL (http only for localhost) without a trailing slash,"
                    + " query or fragment, e.g. https://cognito-idp.<region>.amazonaws.com/<poolId>");
        }
    }

    private static Set<String> clientIds(String list) {
        Set<String> ids = Arrays.stream(list.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        for (String id : ids) {
            if (!id.matches("[A-Za-z0-9_-]{1,128}")) {
                throw new ConfigurationException(OAUTH_CLIENT_IDS + " must be a comma-separated list of app client ids"
                        + " (letters, digits, _ and -)");
            }
        }
        return ids;
    }

    private static String requireScopePrefix(String prefix) {
        if (!prefix.matches("[A-Za-z0-9._:/-]{0,100}") || prefix.contains(" ")) {
            throw new ConfigurationException(SCOPE_PREFIX + " must be a scope prefix without spaces, e.g. vault/");
        }
        return prefix;
    }

    private static Duration requireTtl(String text) {
        Duration ttl;
        try {
            ttl = Duration.parse(text);
        } catch (DateTimeParseException malformed) {
            throw new ConfigurationException(KEY_CACHE_TTL + " must be an ISO-8601 duration such as PT60S (PT0S disables the cache)");
        }
        if (ttl.isNegative() || ttl.compareTo(MAX_KEY_CACHE_TTL) > 0) {
            throw new ConfigurationException(KEY_CACHE_TTL + " must be between PT0S and " + MAX_KEY_CACHE_TTL);
        }
        return ttl;
    }

    private static String withoutCredentials(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?<parameters hidden>";
    }

    /** Reads raw values; blank counts as unset. */
    private static final class Reader {
        private final Map<String, String> env;

        Reader(Map<String, String> env) {
            this.env = env;
        }

        Optional<String> optional(String name) {
            return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
        }

        Environment environment() {
            return optional(ENV).map(value -> switch (value.toLowerCase(Locale.ROOT)) {
                case "production" -> Environment.PRODUCTION;
                case "dev" -> Environment.DEV;
                default -> throw new ConfigurationException(ENV + " must be one of: production, dev");
            }).orElse(Environment.PRODUCTION);
        }

        int port(String name, int defaultPort) {
            return optional(name).map(integer(name, 0, 65_535, "a TCP port between 0 and 65535")).orElse(defaultPort);
        }

        int nonNegativeInt(String name, int defaultValue, int max) {
            return optional(name).map(integer(name, 0, max, "an integer between 0 and " + max)).orElse(defaultValue);
        }

        int positiveInt(String name, int defaultValue, int max) {
            return optional(name).map(integer(name, 1, max, "an integer between 1 and " + max)).orElse(defaultValue);
        }

        private static Function<String, Integer> integer(String name, int min, int max, String expected) {
            return text -> {
                try {
                    int value = Integer.parseInt(text);
                    if (value < min || value > max) {
                        throw new NumberFormatException();
                    }
                    return value;
                } catch (NumberFormatException malformed) {
                    throw new ConfigurationException(name + " must be " + expected);
                }
            };
        }
    }
}

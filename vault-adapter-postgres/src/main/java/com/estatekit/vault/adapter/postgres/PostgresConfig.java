package com.estatekit.vault.adapter.postgres;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How to reach the vault database, validated once at construction. Settings that cannot work
 * together are refused with a message that says what to change.
 *
 * <p>{@link #toString()} never shows the password, also not one written into the JDBC URL.
 *
 * @param jdbcUrl a {@code jdbc:postgresql:} URL ({@code VAULT_DB_URL}); parameters in it win over
 *     the driver settings derived from the timeouts below
 * @param user the database user ({@code VAULT_DB_USER})
 * @param password the password, empty for none ({@code VAULT_DB_PASSWORD}); {@code null} means empty
 * @param schema the schema Flyway owns ({@code VAULT_DB_SCHEMA}), default {@value #DEFAULT_SCHEMA};
 *     letters, digits and underscores, case kept (so {@code Vault} is the seed's {@code "Vault"})
 * @param maxPoolSize most connections the pool opens, default {@value #DEFAULT_MAX_POOL_SIZE}
 * @param connectTimeout how long opening one connection may take, whole seconds (driver limit)
 * @param socketTimeout how long the driver waits on a silent socket, whole seconds; longer than
 *     {@code statementTimeout} so the server cancels a slow statement before the client gives up
 * @param statementTimeout the server-side {@code statement_timeout} of every pooled connection
 *     (it also bounds waiting for a row lock)
 * @param poolTimeout how long a call waits for a free pooled connection before it reports the
 *     database unavailable; also how long the readiness probe can take at most, plus one second
 */
public record PostgresConfig(
        String jdbcUrl,
        String user,
        String password,
        String schema,
        int maxPoolSize,
        Duration connectTimeout,
        Duration socketTimeout,
        Duration statementTimeout,
        Duration poolTimeout) {

    /** The schema when none is configured. */
    public static final String DEFAULT_SCHEMA = "vault";
    /** Connections in the pool when not configured. */
    public static final int DEFAULT_MAX_POOL_SIZE = 10;
    /** Largest pool accepted; PostgreSQL's default {@code max_connections} is 100 for everyone. */
    public static final int MAX_POOL_SIZE = 200;
    /** Default {@link #connectTimeout()}. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Default {@link #socketTimeout()}. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(5);
    /** Default {@link #statementTimeout()}. */
    public static final Duration DEFAULT_STATEMENT_TIMEOUT = Duration.ofSeconds(2);
    /** Default {@link #poolTimeout()}. */
    public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern SCHEMA = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Duration MIN_POOL_TIMEOUT = Duration.ofMillis(250);
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(10);

    /** @throws IllegalArgumentException naming the setting to change, when a setting is invalid */
    public PostgresConfig {
        if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException(
                    "jdbcUrl must be a PostgreSQL JDBC URL such as jdbc:postgresql://host:5432/database");
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must name the database user");
        }
        password = password == null ? "" : password;
        if (schema == null || !SCHEMA.matcher(schema).matches() || schema.toLowerCase(java.util.Locale.ROOT).startsWith("pg_")) {
            throw new IllegalArgumentException("schema must be 1..63 letters, digits or underscores, start with a letter"
                    + " or underscore and not start with pg_ (default " + DEFAULT_SCHEMA + ")");
        }
        if (maxPoolSize < 1 || maxPoolSize > MAX_POOL_SIZE) {
            throw new IllegalArgumentException("maxPoolSize must be 1.." + MAX_POOL_SIZE);
        }
        requireWholeSeconds("connectTimeout", connectTimeout);
        requireWholeSeconds("socketTimeout", socketTimeout);
        requireWithin("statementTimeout", statementTimeout, Duration.ofMillis(1));
        requireWithin("poolTimeout", poolTimeout, MIN_POOL_TIMEOUT);
        if (statementTimeout.compareTo(socketTimeout) >= 0) {
            throw new IllegalArgumentException("statementTimeout (" + statementTimeout + ") must be shorter than socketTimeout ("
                    + socketTimeout + "), so the server cancels a slow statement before the driver drops the connection:"
                    + " raise socketTimeout or lower statementTimeout");
        }
    }

    /** The given database and credentials with every other setting at its default. */
    public static PostgresConfig of(String jdbcUrl, String user, String password) {
        return new PostgresConfig(jdbcUrl, user, password, DEFAULT_SCHEMA, DEFAULT_MAX_POOL_SIZE,
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_SOCKET_TIMEOUT, DEFAULT_STATEMENT_TIMEOUT, DEFAULT_POOL_TIMEOUT);
    }

    /** This configuration with another schema. */
    public PostgresConfig withSchema(String schema) {
        return new PostgresConfig(jdbcUrl, user, password, schema, maxPoolSize, connectTimeout, socketTimeout,
                statementTimeout, poolTimeout);
    }

    /** This configuration with another pool size. */
    public PostgresConfig withMaxPoolSize(int maxPoolSize) {
        return new PostgresConfig(jdbcUrl, user, password, schema, maxPoolSize, connectTimeout, socketTimeout,
                statementTimeout, poolTimeout);
    }

    /** This configuration with all four timeouts replaced at once (they are checked against each other). */
    public PostgresConfig withTimeouts(Duration connectTimeout, Duration socketTimeout, Duration statementTimeout,
            Duration poolTimeout) {
        return new PostgresConfig(jdbcUrl, user, password, schema, maxPoolSize, connectTimeout, socketTimeout,
                statementTimeout, poolTimeout);
    }

    /** This configuration with another statement timeout. */
    public PostgresConfig withStatementTimeout(Duration statementTimeout) {
        return withTimeouts(connectTimeout, socketTimeout, statementTimeout, poolTimeout);
    }

    /** This configuration with another pool timeout. */
    public PostgresConfig withPoolTimeout(Duration poolTimeout) {
        return withTimeouts(connectTimeout, socketTimeout, statementTimeout, poolTimeout);
    }

    /** This configuration pointed at another JDBC URL. */
    public PostgresConfig withJdbcUrl(String jdbcUrl) {
        return new PostgresConfig(jdbcUrl, user, password, schema, maxPoolSize, connectTimeout, socketTimeout,
                statementTimeout, poolTimeout);
    }

    /** The schema as a quoted SQL identifier, e.g. {@code "Vault"}. Safe: the name was checked. */
    String quotedSchema() {
        return '"' + schema + '"';
    }

    @Override
    public String toString() {
        return "PostgresConfig[jdbcUrl=" + PASSWORD_IN_URL.matcher(jdbcUrl).replaceAll("$1****")
                + ", user=" + user
                + ", password=" + (password.isEmpty() ? "(none)" : "****")
                + ", schema=" + schema
                + ", maxPoolSize=" + maxPoolSize
                + ", connectTimeout=" + connectTimeout
                + ", socketTimeout=" + socketTimeout
                + ", statementTimeout=" + statementTimeout
                + ", poolTimeout=" + poolTimeout + "]";
    }

    private static void requireWholeSeconds(String name, Duration value) {
        requireWithin(name, value, Duration.ofSeconds(1));
        if (value.getNano() != 0) {
            throw new IllegalArgumentException(name + " must be whole seconds (the PostgreSQL driver counts in seconds)");
        }
    }

    private static void requireWithin(String name, Duration value, Duration min) {
        if (value == null || value.compareTo(min) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + MAX_TIMEOUT);
        }
    }
}

package com.estatekit.vault.adapter.postgres;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh, uniquely named database on a real PostgreSQL server, for one test run.
 *
 * <p>The server is found through {@code VAULT_TEST_DB_URL} (default
 * {@value #DEFAULT_URL}), {@code VAULT_TEST_DB_USER} (default {@code postgres}) and
 * {@code VAULT_TEST_DB_PASSWORD} (default empty); system properties {@code vault.test.db.url},
 * {@code .user}, {@code .password} win over the environment. That URL names an existing database
 * to connect to for {@code CREATE DATABASE}; the tests never touch anything in it.
 *
 * <p>Use {@link #shared()} for one database per JVM, dropped when the JVM exits, and give every
 * test class its own schema ({@link #config(String)}), or {@link #create()} and {@link #close()}
 * for a database of your own. When no server answers, both fail with a message that says how to
 * start one. Databases left behind by killed runs are dropped after a day.
 */
public final class TestDatabase implements AutoCloseable {

    /** Environment variable naming the server's admin JDBC URL. */
    public static final String URL_VARIABLE = "VAULT_TEST_DB_URL";
    /** Environment variable naming the user. */
    public static final String USER_VARIABLE = "VAULT_TEST_DB_USER";
    /** Environment variable naming the password. */
    public static final String PASSWORD_VARIABLE = "VAULT_TEST_DB_PASSWORD";
    /** The server this kind of machine runs. */
    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    /** How to start that server. */
    public static final String START_COMMAND = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start";

    private static final String PREFIX = "vault_test_";
    private static final Duration STALE_AFTER = Duration.ofDays(1);
    private static final Pattern URL = Pattern.compile("^(jdbc:postgresql:)(//[^/?]*)?(/?)([^?]*)(\\?.*)?$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private static TestDatabase shared;

    private final String adminUrl;
    private final String user;
    private final String password;
    private final String name;
    private final String jdbcUrl;
    private volatile boolean dropped;

    private TestDatabase(String adminUrl, String user, String password, String name) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.password = password;
        this.name = name;
        this.jdbcUrl = withDatabase(adminUrl, name);
    }

    /** The database of this JVM: created on first use, dropped when the JVM exits. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            TestDatabase created = create();
            Runtime.getRuntime().addShutdownHook(new Thread(created::close, "drop-" + created.name()));
            shared = created;
        }
        return shared;
    }

    /** A database of your own on the configured server; {@link #close()} drops it. */
    public static TestDatabase create() {
        return create(setting("vault.test.db.url", URL_VARIABLE, DEFAULT_URL),
                setting("vault.test.db.user", USER_VARIABLE, "postgres"),
                setting("vault.test.db.password", PASSWORD_VARIABLE, ""));
    }

    /**
     * A database of your own on the server at {@code adminUrl}.
     *
     * @throws IllegalStateException when no server answers there (the message says how to start
     *     one) or it refuses the user
     */
    public static TestDatabase create(String adminUrl, String user, String password) {
        String name = PREFIX + Instant.now().getEpochSecond() + "_" + HexFormat.of().formatHex(randomBytes(4));
        TestDatabase database = new TestDatabase(adminUrl, user, password, name);
        database.admin("CREATE DATABASE " + name, true);
        return database;
    }

    /** The JDBC URL of this database. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The database's name. */
    public String name() {
        return name;
    }

    /** The user the tests connect as. */
    public String user() {
        return user;
    }

    /** That user's password, empty for none. */
    public String password() {
        return password;
    }

    /** Host of the server, as the URL names it ({@code localhost} when it does not). */
    public String host() {
        String hostPort = hostPort();
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return host.isEmpty() ? "localhost" : host;
    }

    /** Port of the server, as the URL names it (5432 when it does not). */
    public int port() {
        String hostPort = hostPort();
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 || colon == hostPort.length() - 1 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
    }

    /** This database's URL with another host and port, e.g. a proxy in front of the server. */
    public String jdbcUrlVia(String host, int port) {
        Matcher matcher = URL.matcher(jdbcUrl);
        if (!matcher.matches()) {
            throw new IllegalStateException("not a PostgreSQL JDBC URL");
        }
        return matcher.group(1) + "//" + host + ":" + port + "/" + name + (matcher.group(5) == null ? "" : matcher.group(5));
    }

    /**
     * A configuration for this database and {@code schema}: small pool, default timeouts. Each
     * test class should use its own schema, so classes never see each other's rows.
     */
    public PostgresConfig config(String schema) {
        return PostgresConfig.of(jdbcUrl, user, password).withSchema(schema).withMaxPoolSize(5);
    }

    /** A plain JDBC connection to this database (auto-commit on), for setting up and checking rows. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, properties());
    }

    /** Empties the vault tables of {@code schema}, e.g. before each test. */
    public void truncate(String schema) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE \"" + schema + "\".user_key_history, \"" + schema + "\".user_keys RESTART IDENTITY");
        } catch (SQLException failure) {
            throw new IllegalStateException("could not truncate schema " + schema + " (SQLState " + failure.getSQLState() + ")",
                    failure);
        }
    }

    /** Drops the database, ending any connection still open to it. Idempotent. */
    @Override
    public void close() {
        if (dropped) {
            return;
        }
        dropped = true;
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", false);
    }

    /** The admin URL with its database replaced by {@code database}. Visible for its test. */
    static String withDatabase(String url, String database) {
        Matcher matcher = URL.matcher(url);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("VAULT_TEST_DB_URL must look like " + DEFAULT_URL);
        }
        String hosts = matcher.group(2) == null ? "" : matcher.group(2);
        String slash = hosts.isEmpty() ? matcher.group(3) : "/";
        String query = matcher.group(5) == null ? "" : matcher.group(5);
        return matcher.group(1) + hosts + slash + database + query;
    }

    private String hostPort() {
        Matcher matcher = URL.matcher(jdbcUrl);
        if (!matcher.matches() || matcher.group(2) == null) {
            return "";
        }
        String hosts = matcher.group(2).substring(2);
        int comma = hosts.indexOf(',');
        return comma < 0 ? hosts : hosts.substring(0, comma);
    }

    private void admin(String sql, boolean cleanUpStale) {
        try (Connection connection = DriverManager.getConnection(adminUrl, properties());
                Statement statement = connection.createStatement()) {
            if (cleanUpStale) {
                dropStale(statement);
            }
            statement.execute(sql);
        } catch (SQLException failure) {
            throw explain(failure);
        }
    }

    /** Drops databases this harness made more than a day ago (a killed run never dropped them). */
    private static void dropStale(Statement statement) throws SQLException {
        List<String> stale = new ArrayList<>();
        long cutoff = Instant.now().minus(STALE_AFTER).getEpochSecond();
        try (ResultSet names = statement.executeQuery(
                "SELECT datname FROM pg_database WHERE datname LIKE '" + PREFIX + "%'")) {
            while (names.next()) {
                String[] parts = names.getString(1).substring(PREFIX.length()).split("_");
                try {
                    if (parts.length == 2 && Long.parseLong(parts[0]) < cutoff) {
                        stale.add(names.getString(1));
                    }
                } catch (NumberFormatException notOurs) {
                    // someone else's database with a similar name; leave it
                }
            }
        }
        for (String database : stale) {
            try {
                statement.execute("DROP DATABASE IF EXISTS " + database);
            } catch (SQLException inUse) {
                // still in use by someone: leave it
            }
        }
    }

    private IllegalStateException explain(SQLException failure) {
        String state = failure.getSQLState();
        if (state != null && state.startsWith("08")) {
            return new IllegalStateException("No PostgreSQL server answered at " + adminUrl + " (SQLState " + state + ")."
                    + " Start the local one with: " + START_COMMAND
                    + " -- or point " + URL_VARIABLE + " (and " + USER_VARIABLE + ", " + PASSWORD_VARIABLE
                    + ") at a server where this user may create databases.");
        }
        return new IllegalStateException("PostgreSQL at " + adminUrl + " refused the test harness as user " + user
                + " (SQLState " + state + "). The user must be allowed to log in and CREATE DATABASE; set "
                + USER_VARIABLE + " and " + PASSWORD_VARIABLE + " accordingly.");
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("loginTimeout", "5");
        properties.setProperty("ApplicationName", "vault-test-harness");
        return properties;
    }

    private static String setting(String property, String variable, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(variable);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

package com.estatekit.vault.app.dev;

import com.estatekit.vault.adapter.postgres.PostgresConfig;
import com.estatekit.vault.app.ConfigurationException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEV ONLY: finds the database dev mode uses. {@code VAULT_DB_URL} when set; otherwise the
 * PostgreSQL server on 127.0.0.1:5432 (as user {@code postgres}), in a database {@code vault_dev}
 * that is created when missing.
 */
public final class DevDatabase {

    static final String DEFAULT_SERVER = "jdbc:postgresql://127.0.0.1:5432/";
    static final String DEFAULT_DATABASE = "vault_dev";
    private static final Logger LOG = LoggerFactory.getLogger(DevDatabase.class);

    private DevDatabase() {
    }

    /**
     * @throws ConfigurationException when no database answers, with what to do about it
     */
    public static PostgresConfig ensure(Optional<String> url, Optional<String> user, Optional<String> password) {
        if (url.isPresent()) {
            return PostgresConfig.of(url.get(), user.orElse(null), password.orElse(null));
        }
        String dbUser = user.orElse("postgres");
        Properties credentials = new Properties();
        credentials.setProperty("user", dbUser);
        password.ifPresent(value -> credentials.setProperty("password", value));
        credentials.setProperty("connectTimeout", "3");
        try (Connection admin = DriverManager.getConnection(DEFAULT_SERVER + "postgres", credentials)) {
            if (!exists(admin)) {
                try (Statement create = admin.createStatement()) {
                    create.execute("create database " + DEFAULT_DATABASE);
                }
                LOG.info("dev mode created database {} on 127.0.0.1:5432", DEFAULT_DATABASE);
            }
        } catch (SQLException unreachable) {
            throw new ConfigurationException("dev mode found no PostgreSQL on 127.0.0.1:5432 (SQLState "
                    + unreachable.getSQLState() + "): start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start)"
                    + " or set VAULT_DB_URL");
        }
        return PostgresConfig.of(DEFAULT_SERVER + DEFAULT_DATABASE, dbUser, password.orElse(null));
    }

    private static boolean exists(Connection admin) throws SQLException {
        try (PreparedStatement query = admin.prepareStatement("select 1 from pg_database where datname = ?")) {
            query.setString(1, DEFAULT_DATABASE);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}

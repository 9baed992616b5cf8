package com.estatekit.vault.adapter.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.util.Properties;

/** The HikariCP pools: one for the repository, a short-lived one for migrations. */
final class ConnectionPools {

    /** What {@code pg_stat_activity.application_name} shows for the vault's connections. */
    static final String APPLICATION_NAME = "estatekit-vault";

    private ConnectionPools() {
    }

    /**
     * The repository's pool. Every connection gets the configured {@code statement_timeout}, and an
     * idle-in-transaction limit so a stuck caller cannot hold a user's row lock for long. The pool
     * does not fail when the database is down at construction: calls report "unavailable" until it
     * is back, and then work without a restart.
     */
    static HikariDataSource forRepository(PostgresConfig config, Object meterRegistry) {
        HikariConfig hikari = base(config, "vault-db");
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setMinimumIdle(Math.min(2, config.maxPoolSize()));
        hikari.setAutoCommit(false);
        hikari.setInitializationFailTimeout(-1);
        long statementMillis = config.statementTimeout().toMillis();
        long idleInTransactionMillis = Math.max(Duration.ofSeconds(60).toMillis(), 10 * statementMillis);
        hikari.setConnectionInitSql("SET statement_timeout = " + statementMillis
                + "; SET idle_in_transaction_session_timeout = " + idleInTransactionMillis);
        // With auto-commit off, HikariCP commits the init SQL only when internal queries are
        // isolated; otherwise the SETs sit in an open transaction and the first rollback undoes them.
        hikari.setIsolateInternalQueries(true);
        Properties driver = driverProperties(config);
        driver.setProperty("socketTimeout", Long.toString(config.socketTimeout().toSeconds()));
        hikari.setDataSourceProperties(driver);
        if (meterRegistry != null) {
            hikari.setMetricRegistry(meterRegistry);
        }
        return new HikariDataSource(hikari);
    }

    /**
     * A pool for Flyway: fails at once when the database does not answer, and has no statement or
     * socket timeout, because a migration may legitimately run long.
     */
    static HikariDataSource forMigration(PostgresConfig config) {
        HikariConfig hikari = base(config, "vault-db-migration");
        hikari.setMaximumPoolSize(2);
        hikari.setMinimumIdle(0);
        hikari.setAutoCommit(true);
        hikari.setInitializationFailTimeout(1);
        hikari.setDataSourceProperties(driverProperties(config));
        return new HikariDataSource(hikari);
    }

    private static HikariConfig base(PostgresConfig config, String poolName) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName(poolName);
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.user());
        hikari.setPassword(config.password());
        hikari.setConnectionTimeout(config.poolTimeout().toMillis());
        hikari.setValidationTimeout(Math.min(1000, config.poolTimeout().toMillis()));
        return hikari;
    }

    private static Properties driverProperties(PostgresConfig config) {
        Properties driver = new Properties();
        driver.setProperty("connectTimeout", Long.toString(config.connectTimeout().toSeconds()));
        driver.setProperty("loginTimeout", Long.toString(config.connectTimeout().toSeconds()));
        driver.setProperty("tcpKeepAlive", "true");
        driver.setProperty("ApplicationName", APPLICATION_NAME);
        // Without this the driver copies the server's DETAIL ("Failing row contains (...)", which
        // would include a wrapped private key) into exception messages and so into logs.
        driver.setProperty("logServerErrorDetail", "false");
        return driver;
    }
}

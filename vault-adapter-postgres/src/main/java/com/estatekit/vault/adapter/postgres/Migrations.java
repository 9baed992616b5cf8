package com.estatekit.vault.adapter.postgres;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Flyway owns the schema: creates it when missing and applies {@code db/migration/vault}. */
final class Migrations {

    /** Where the migrations live on the classpath. */
    static final String LOCATION = "classpath:db/migration/vault";

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private Migrations() {
    }

    /**
     * Brings the configured schema up to date.
     *
     * @return how many migrations ran (0 when it was up to date)
     * @throws com.estatekit.vault.domain.model.DependencyUnavailableException when the database does not answer
     * @throws IllegalStateException when a migration fails or the applied ones do not match these
     */
    static int migrate(PostgresConfig config) {
        try (HikariDataSource dataSource = ConnectionPools.forMigration(config)) {
            int executed = Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(dataSource)
                    .schemas(config.schema())
                    .defaultSchema(config.schema())
                    .createSchemas(true)
                    .locations(LOCATION)
                    .failOnMissingLocations(true)
                    .validateMigrationNaming(true)
                    .cleanDisabled(true)
                    .load()
                    .migrate()
                    .migrationsExecuted;
            if (executed > 0) {
                LOG.info("migrated schema {}: {} migration(s) applied", config.schema(), executed);
            }
            return executed;
        } catch (HikariPool.PoolInitializationException | FlywayException failure) {
            if (isConnectionFailure(failure)) {
                throw DatabaseFailures.unavailable("migration", failure);
            }
            // Flyway's own text names the migration and the SQL of our DDL, which holds no user data;
            // the driver's DETAIL is off (logServerErrorDetail=false).
            LOG.error("migration of schema {} failed: {}", config.schema(), failure.getMessage());
            throw new IllegalStateException("database migration of schema " + config.schema()
                    + " failed; see the log line before this one");
        }
    }

    private static boolean isConnectionFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }
}

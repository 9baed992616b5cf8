package com.estatekit.vault.adapter.postgres;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyHistoryEntry;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.model.VaultException;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.PersistenceUnitTransactionType;
import jakarta.persistence.ValidationMode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.StaleStateException;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.hibernate.tool.schema.spi.SchemaManagementException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link KeyRepository} on PostgreSQL: Flyway migrates the schema at {@link #start}, Hibernate
 * maps it (and only validates it), HikariCP pools the connections.
 *
 * <p>Atomicity and races, each in one transaction:
 * <ul>
 *   <li>{@link #insertFirstKey}: {@code INSERT ... ON CONFLICT (user_id) DO NOTHING}, so of many
 *       concurrent creates exactly one inserts a row and sees {@code true};</li>
 *   <li>{@link #rotate} and {@link #retire}: lock the user's {@code user_keys} row
 *       ({@code SELECT ... FOR NO KEY UPDATE}), check it still holds the key the caller read, then
 *       move it to history and store the new version; the row version is bumped as well;</li>
 *   <li>{@link #deleteAll}: one {@code DELETE} of the user's row; the foreign key cascades to every
 *       history row;</li>
 *   <li>{@link #findKeyRing}: one {@code SELECT} joining current and retained history, so it reads
 *       one consistent snapshot even while a rotation commits.</li>
 * </ul>
 *
 * <p>Every failure of the database, the network or the pool becomes a
 * {@link DependencyUnavailableException} with a fixed reason; nothing of the driver's exception is
 * chained or logged beyond its class and SQLState. The pool recovers by itself when the database
 * is back.
 */
public final class PostgresKeyRepository implements KeyRepository, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresKeyRepository.class);

    private final PostgresConfig config;
    private final HikariDataSource dataSource;
    private final SessionFactory sessions;
    private final Clock clock;
    private volatile boolean closed;

    private PostgresKeyRepository(PostgresConfig config, HikariDataSource dataSource, SessionFactory sessions) {
        this.config = config;
        this.dataSource = dataSource;
        this.sessions = sessions;
        this.clock = Clock.systemUTC();
    }

    /**
     * Migrates the schema with Flyway, then opens the pool and Hibernate (which validates the
     * schema against its mapping).
     *
     * @throws DependencyUnavailableException when the database does not answer
     * @throws IllegalStateException when migration or schema validation fails
     */
    public static PostgresKeyRepository start(PostgresConfig config) {
        return open(config, null);
    }

    /**
     * Like {@link #start(PostgresConfig)}, and publishes the pool's metrics ({@code hikaricp.*},
     * tagged {@code pool=vault-db}) to {@code meterRegistry}.
     */
    public static PostgresKeyRepository start(PostgresConfig config, MeterRegistry meterRegistry) {
        return open(config, Objects.requireNonNull(meterRegistry, "meterRegistry"));
    }

    private static PostgresKeyRepository open(PostgresConfig config, MeterRegistry meterRegistry) {
        Objects.requireNonNull(config, "config");
        Migrations.migrate(config);
        HikariDataSource dataSource = ConnectionPools.forRepository(config, meterRegistry);
        try {
            return new PostgresKeyRepository(config, dataSource, openSessions(config, dataSource));
        } catch (RuntimeException failure) {
            dataSource.close();
            SchemaManagementException mismatch = schemaMismatchIn(failure);
            if (mismatch != null) {
                // Names a table or column, never data.
                LOG.error("schema {} does not match the mapping: {}", config.schema(), mismatch.getMessage());
                throw new IllegalStateException("schema " + config.schema()
                        + " does not match the vault's mapping; see the log line before this one");
            }
            throw DatabaseFailures.unavailable("start", failure);
        }
    }

    private static SchemaManagementException schemaMismatchIn(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SchemaManagementException mismatch) {
                return mismatch;
            }
        }
        return null;
    }

    private static SessionFactory openSessions(PostgresConfig config, HikariDataSource dataSource) {
        return new HibernatePersistenceConfiguration("estatekit-vault-keys")
                .managedClasses(UserKeyRow.class, KeyHistoryRow.class)
                .transactionType(PersistenceUnitTransactionType.RESOURCE_LOCAL)
                .validationMode(ValidationMode.NONE)
                .defaultSchema(config.quotedSchema())
                .schemaToolingAction(Action.VALIDATE)
                .property(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource)
                .property(AvailableSettings.CONNECTION_PROVIDER_DISABLES_AUTOCOMMIT, true)
                .property(AvailableSettings.KEYWORD_AUTO_QUOTING_ENABLED, true)
                .property(AvailableSettings.SHOW_SQL, false)
                .createEntityManagerFactory();
    }

    @Override
    public Optional<UserKeyRing> findKeyRing(UserId userId) {
        Objects.requireNonNull(userId, "userId");
        return inTransaction("findKeyRing", session -> session
                .createSelectionQuery("select k from UserKeyRow k left join fetch k.retainedHistory where k.userId = :userId",
                        UserKeyRow.class)
                .setParameter("userId", userId.value())
                .setReadOnly(true)
                .getResultList()
                .stream()
                .findFirst()
                .map(row -> new UserKeyRing(row.toDomain(),
                        row.retainedHistory().stream().map(history -> history.toDomain(userId)).toList())));
    }

    @Override
    public boolean insertFirstKey(UserKey key) {
        Objects.requireNonNull(key, "key");
        if (!key.version().equals(KeyVersion.FIRST)) {
            throw new IllegalArgumentException("a first key must be version 1");
        }
        return inTransaction("insertFirstKey", session -> session
                .createMutationQuery("insert into UserKeyRow"
                        + " (userId, publicKey, keyVersion, wrappedPrivateKey, kmsKeyId, createdAt, rotatedAt, rowVersion)"
                        + " values (:userId, :publicKey, :keyVersion, :wrapped, :kmsKeyId, :createdAt, :rotatedAt, 0)"
                        + " on conflict (userId) do nothing")
                .setParameter("userId", key.userId().value())
                .setParameter("publicKey", key.publicKey().base64())
                .setParameter("keyVersion", key.version().value())
                .setParameter("wrapped", key.wrappedPrivateKey().bytes())
                .setParameter("kmsKeyId", key.kmsKeyId())
                .setParameter("createdAt", UserKeyRow.micros(key.createdAt()), Instant.class)
                .setParameter("rotatedAt", UserKeyRow.micros(key.rotatedAt()), Instant.class)
                .executeUpdate() == 1);
    }

    @Override
    public void rotate(UserKey replaced, UserKey replacement) {
        Objects.requireNonNull(replaced, "replaced");
        Objects.requireNonNull(replacement, "replacement");
        if (!replacement.userId().equals(replaced.userId()) || !replacement.version().equals(replaced.version().next())) {
            throw new IllegalArgumentException("a rotation replaces version n of a user with version n + 1 of the same user");
        }
        UserId userId = replaced.userId();
        inTransaction("rotate", session -> {
            UserKeyRow current = lockCurrentRow(session, userId);
            if (current == null) {
                throw new KeyNotFoundException(userId);
            }
            if (!current.holds(replaced)) {
                // Another rotation won, or the user was deleted and created again since the caller read.
                throw new KeyChangeConflictException(userId, replaced.version(), "was changed meanwhile; read the key again");
            }
            session.persist(current.toHistory(replacement.rotatedAt()));
            current.becomes(replacement);
            try {
                session.flush();
            } catch (OptimisticLockException | StaleStateException lost) {
                // Cannot happen while the row lock is held; if it does, it is still a lost race.
                throw new KeyChangeConflictException(userId, replaced.version(), "was changed meanwhile; read the key again");
            }
            return null;
        });
    }

    @Override
    public boolean deleteAll(UserId userId) {
        Objects.requireNonNull(userId, "userId");
        return inTransaction("deleteAll", session -> session
                .createMutationQuery("delete from UserKeyRow k where k.userId = :userId")
                .setParameter("userId", userId.value())
                .executeUpdate() > 0);
    }

    @Override
    public RetireOutcome retire(UserId userId, KeyVersion version) {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(version, "version");
        return inTransaction("retire", session -> {
            UserKeyRow current = lockCurrentRow(session, userId);
            if (current == null) {
                return RetireOutcome.NOT_FOUND;
            }
            if (current.keyVersion() == version.value()) {
                return RetireOutcome.IS_CURRENT;
            }
            int destroyed = session.createMutationQuery("update KeyHistoryRow h"
                            + " set h.wrappedPrivateKey = null, h.retiredAt = :now"
                            + " where h.owner.userId = :userId and h.keyVersion = :version and h.wrappedPrivateKey is not null")
                    .setParameter("now", UserKeyRow.micros(clock.instant()), Instant.class)
                    .setParameter("userId", userId.value())
                    .setParameter("version", version.value())
                    .executeUpdate();
            return destroyed == 1 ? RetireOutcome.RETIRED : RetireOutcome.NOT_FOUND;
        });
    }

    @Override
    public List<UserId> findCurrentBefore(Instant cutoff, Optional<UserId> after, int limit) {
        Objects.requireNonNull(cutoff, "cutoff");
        Objects.requireNonNull(after, "after");
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative");
        }
        if (limit == 0) {
            return List.of();
        }
        return inTransaction("findCurrentBefore", session -> session
                .createSelectionQuery("select k.userId from UserKeyRow k"
                        + " where coalesce(k.rotatedAt, k.createdAt) < :cutoff and k.userId > :after"
                        + " order by k.userId", Long.class)
                .setParameter("cutoff", cutoff, Instant.class)
                .setParameter("after", after.map(UserId::value).orElse(0L))
                .setMaxResults(limit)
                .getResultList()
                .stream()
                .map(UserId::of)
                .toList());
    }

    /**
     * Whether the database answers a trivial query now, for the readiness probe. Answers within
     * the configured pool timeout plus one second; never throws.
     */
    public boolean isReachable() {
        if (closed) {
            return false;
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(1);
            try (ResultSet result = statement.executeQuery("select 1")) {
                return result.next();
            }
        } catch (SQLException | RuntimeException failure) {
            SQLException sql = DatabaseFailures.findSqlException(failure);
            LOG.warn("database readiness check failed [{}; SQLState {}]", failure.getClass().getName(),
                    sql == null ? null : sql.getSQLState());
            return false;
        }
    }

    /** The configuration this repository was started with. */
    public PostgresConfig config() {
        return config;
    }

    /** Closes Hibernate and the pool. Calls after this fail. */
    @Override
    public void close() {
        closed = true;
        try {
            sessions.close();
        } finally {
            dataSource.close();
        }
    }

    /** The pool, for tests that exhaust it or break its connections. */
    HikariDataSource dataSource() {
        return dataSource;
    }

    /**
     * The user's row, locked until the transaction ends ({@code FOR NO KEY UPDATE}), or null.
     * A query on purpose: {@code Session.find} with a lock mode logs a JDBC failure and returns
     * null once the transaction is marked rollback-only, which would turn "database down" into
     * "no such key".
     */
    private static UserKeyRow lockCurrentRow(Session session, UserId userId) {
        return session.createSelectionQuery("select k from UserKeyRow k where k.userId = :userId", UserKeyRow.class)
                .setParameter("userId", userId.value())
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getSingleResultOrNull();
    }

    private <T> T inTransaction(String operation, Function<Session, T> work) {
        if (closed) {
            throw new DependencyUnavailableException(DependencyUnavailableException.Dependency.DATABASE,
                    "repository closed", DatabaseFailures.RETRY_AFTER);
        }
        Session session = null;
        try {
            session = sessions.openSession();
            session.getTransaction().begin();
            T result = work.apply(session);
            session.getTransaction().commit();
            return result;
        } catch (VaultException expected) {
            rollbackQuietly(session);
            throw expected;
        } catch (RuntimeException failure) {
            rollbackQuietly(session);
            throw DatabaseFailures.unavailable(operation, failure);
        } finally {
            closeQuietly(session);
        }
    }

    private static void rollbackQuietly(Session session) {
        if (session == null) {
            return;
        }
        try {
            if (session.getTransaction().isActive()) {
                session.getTransaction().rollback();
            }
        } catch (RuntimeException ignored) {
            // The connection is already broken; the pool discards it.
        }
    }

    private static void closeQuietly(Session session) {
        if (session == null) {
            return;
        }
        try {
            session.close();
        } catch (RuntimeException ignored) {
            // Nothing left to release that the pool does not reclaim.
        }
    }
}

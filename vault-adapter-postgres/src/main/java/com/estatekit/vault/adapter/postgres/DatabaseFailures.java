package com.estatekit.vault.adapter.postgres;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.DependencyUnavailableException.Dependency;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns whatever JDBC, HikariCP or Hibernate threw into the domain's "database unavailable", with
 * a fixed reason chosen by SQLState. The original exception is neither chained nor logged with its
 * message: driver and ORM messages can carry values (a failing row, a parameter), and a failing
 * row here holds a wrapped private key. The log line names the exception classes and SQLState only.
 */
final class DatabaseFailures {

    /** What clients are told to wait before retrying. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(PostgresKeyRepository.class);
    private static final String UNEXPECTED = "unexpected database error";

    private DatabaseFailures() {
    }

    /** The domain failure for {@code failure} during {@code operation}, logged once, sanitized. */
    static DependencyUnavailableException unavailable(String operation, Throwable failure) {
        SQLException sql = findSqlException(failure);
        String state = sql == null ? null : sql.getSQLState();
        String reason = reasonFor(failure, sql, state);
        String classes = failure.getClass().getName() + (sql == null || sql == failure ? "" : " <- " + sql.getClass().getName());
        if (UNEXPECTED.equals(reason)) {
            LOG.error("database {} failed: {} [{}; SQLState {}]", operation, reason, classes, state);
        } else {
            LOG.warn("database {} failed: {} [{}; SQLState {}]", operation, reason, classes, state);
        }
        return new DependencyUnavailableException(Dependency.DATABASE, reason, RETRY_AFTER);
    }

    /** The fixed, secret-free reason for a failure. */
    static String reasonFor(Throwable failure, SQLException sql, String state) {
        if (hasCause(failure, SQLTransientConnectionException.class)) {
            // HikariCP's "no connection within connectionTimeout": pool exhausted or server unreachable.
            return "no connection available in time";
        }
        if (state == null) {
            return UNEXPECTED;
        }
        if (state.startsWith("08")) {
            return "connection failed";
        }
        if (state.equals("57014")) {
            return "statement timed out";
        }
        if (state.equals("55P03")) {
            return "lock not available";
        }
        if (state.startsWith("57P")) {
            return "server shutting down or starting up";
        }
        if (state.startsWith("53")) {
            return "server out of resources";
        }
        if (state.startsWith("40")) {
            return "transaction conflict";
        }
        if (state.equals("25006")) {
            return "database is read-only";
        }
        return UNEXPECTED;
    }

    static SQLException findSqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}

package com.estatekit.vault.adapter.postgres;

import static com.estatekit.vault.domain.fake.KeyFixtures.T0;
import static com.estatekit.vault.domain.fake.KeyFixtures.firstKey;
import static com.estatekit.vault.domain.fake.KeyFixtures.rotated;
import static com.estatekit.vault.domain.fake.KeyFixtures.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.DependencyUnavailableException.Dependency;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database refusing connections, going away and coming back, timing out, dropping a
 * connection mid-transaction, and running out of pooled connections: each is the domain's
 * "unavailable" (fast, fixed reason, no driver exception attached), and the same repository
 * serves again once the fault clears.
 */
class FaultTest {

    private static final String SCHEMA = "faults";
    private static final TestDatabase DB = TestDatabase.shared();
    private static final Duration SHORT = Duration.ofMillis(300);

    @BeforeAll
    static void migrate() {
        Migrations.migrate(DB.config(SCHEMA));
    }

    @Test
    void starting_against_a_port_where_nothing_listens_is_unavailable_within_the_connect_timeout() throws IOException {
        PostgresConfig config = DB.config(SCHEMA).withJdbcUrl(DB.jdbcUrlVia("127.0.0.1", closedPort()));

        long started = System.nanoTime();
        DependencyUnavailableException failure = catchThrowableOfType(DependencyUnavailableException.class,
                () -> PostgresKeyRepository.start(config));

        assertUnavailable(failure, "connection failed", "no connection available in time");
        assertThat(elapsedSince(started)).isLessThan(config.connectTimeout().plusSeconds(1));
    }

    @Test
    void a_database_that_goes_away_is_unavailable_fast_and_serves_the_same_repository_when_back() {
        try (TcpProxy proxy = TcpProxy.to(DB.host(), DB.port());
                PostgresKeyRepository repository = PostgresKeyRepository.start(viaProxy(proxy).withPoolTimeout(SHORT))) {
            UserKey first = firstKey(UserId.of(1), T0);
            assertThat(repository.insertFirstKey(first)).isTrue();

            proxy.stop();

            long started = System.nanoTime();
            assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                    () -> repository.findKeyRing(first.userId())));
            assertThat(elapsedSince(started)).isLessThan(Duration.ofSeconds(3));
            assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                    () -> repository.rotate(first, rotated(first, T0.plusSeconds(1)))));
            assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                    () -> repository.retire(first.userId(), v(1))));
            assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                    () -> repository.deleteAll(first.userId())));
            assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                    () -> repository.insertFirstKey(firstKey(UserId.of(11), T0))));
            assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                    () -> repository.findCurrentBefore(T0, Optional.empty(), 10)));
            assertThat(repository.isReachable()).isFalse();

            proxy.start();

            assertThat(eventually(() -> repository.findKeyRing(first.userId()))).map(ring -> ring.current()).contains(first);
            repository.rotate(first, rotated(first, T0.plusSeconds(1)));
            assertThat(repository.isReachable()).isTrue();
        }
    }

    @Test
    void a_statement_timeout_is_unavailable_and_the_next_call_works() throws SQLException {
        try (PostgresKeyRepository repository = PostgresKeyRepository.start(
                DB.config(SCHEMA).withStatementTimeout(Duration.ofMillis(300)))) {
            UserKey first = firstKey(UserId.of(2), T0);
            repository.insertFirstKey(first);
            UserKey second = rotated(first, T0.plusSeconds(1));

            try (Connection locker = lockRowOf(first.userId())) {
                long started = System.nanoTime();
                assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                        () -> repository.rotate(first, second)), "statement timed out");
                assertThat(elapsedSince(started)).isBetween(Duration.ofMillis(250), Duration.ofSeconds(2));
                // Readers never wait for the lock.
                assertThat(repository.findKeyRing(first.userId()).orElseThrow().current()).isEqualTo(first);
                locker.rollback();
            }

            repository.rotate(first, second);
            assertThat(repository.findKeyRing(first.userId()).orElseThrow().current()).isEqualTo(second);
        }
    }

    @Test
    void a_connection_lost_in_the_middle_of_a_rotation_is_unavailable_and_the_next_call_works() throws Exception {
        PostgresConfig patient = DB.config(SCHEMA).withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofSeconds(20), Duration.ofSeconds(2));
        try (PostgresKeyRepository repository = PostgresKeyRepository.start(patient)) {
            UserKey first = firstKey(UserId.of(3), T0);
            repository.insertFirstKey(first);
            UserKey second = rotated(first, T0.plusSeconds(1));

            CompletableFuture<Void> rotation;
            try (Connection locker = lockRowOf(first.userId())) {
                rotation = CompletableFuture.runAsync(() -> repository.rotate(first, second));
                int waiting = awaitBackendWaitingForLock(locker);
                try (PreparedStatement kill = locker.prepareStatement("SELECT pg_terminate_backend(?)")) {
                    kill.setInt(1, waiting);
                    kill.executeQuery().close();
                }
                Throwable failure = catchThrowableOfType(java.util.concurrent.ExecutionException.class,
                        () -> rotation.get(10, TimeUnit.SECONDS)).getCause();
                assertThat(failure).isInstanceOf(DependencyUnavailableException.class);
                assertUnavailable((DependencyUnavailableException) failure,
                        "server shutting down or starting up", "connection failed");
                locker.rollback();
            }

            repository.rotate(first, second);
            assertThat(repository.findKeyRing(first.userId()).orElseThrow().current()).isEqualTo(second);
        }
    }

    @Test
    void an_exhausted_pool_is_unavailable_within_the_pool_timeout_and_recovers() throws SQLException {
        try (PostgresKeyRepository repository = PostgresKeyRepository.start(
                DB.config(SCHEMA).withMaxPoolSize(2).withPoolTimeout(Duration.ofMillis(300)))) {
            Connection one = repository.dataSource().getConnection();
            Connection two = repository.dataSource().getConnection();

            long started = System.nanoTime();
            assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                    () -> repository.findKeyRing(UserId.of(4))), "no connection available in time");
            assertThat(elapsedSince(started)).isLessThan(Duration.ofSeconds(2));
            assertThat(repository.isReachable()).isFalse();

            one.close();
            two.close();
            assertThat(repository.findKeyRing(UserId.of(4))).isEmpty();
            assertThat(repository.isReachable()).isTrue();
        }
    }

    @Test
    void every_pooled_connection_keeps_the_configured_statement_timeout_across_rollbacks() throws SQLException {
        try (PostgresKeyRepository repository = PostgresKeyRepository.start(
                DB.config(SCHEMA).withMaxPoolSize(1).withStatementTimeout(Duration.ofMillis(1234)))) {
            for (int i = 0; i < 3; i++) {
                try (Connection connection = repository.dataSource().getConnection();
                        PreparedStatement show = connection.prepareStatement("SHOW statement_timeout");
                        ResultSet value = show.executeQuery()) {
                    value.next();
                    assertThat(value.getString(1)).isEqualTo("1234ms");
                    connection.rollback();
                }
            }
        }
    }

    @Test
    void the_pool_publishes_its_metrics_to_the_given_registry() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (PostgresKeyRepository repository = PostgresKeyRepository.start(DB.config(SCHEMA).withMaxPoolSize(3), registry)) {
            repository.findKeyRing(UserId.of(5));

            assertThat(registry.get("hikaricp.connections.max").tag("pool", "vault-db").gauge().value()).isEqualTo(3.0);
            assertThat(registry.get("hikaricp.connections.acquire").tag("pool", "vault-db").timer().count()).isPositive();
        }
    }

    @Test
    void calls_after_close_are_unavailable_not_raw_exceptions() {
        PostgresKeyRepository repository = PostgresKeyRepository.start(DB.config(SCHEMA));
        repository.close();

        assertUnavailable(catchThrowableOfType(DependencyUnavailableException.class,
                () -> repository.findKeyRing(UserId.of(6))), "repository closed");
        assertThat(repository.isReachable()).isFalse();
    }

    private static PostgresConfig viaProxy(TcpProxy proxy) {
        return DB.config(SCHEMA).withJdbcUrl(DB.jdbcUrlVia("127.0.0.1", proxy.port()));
    }

    /** Holds the user's row lock in an open transaction until the connection is rolled back or closed. */
    private static Connection lockRowOf(UserId user) throws SQLException {
        Connection connection = DB.connect();
        connection.setAutoCommit(false);
        try (PreparedStatement lock = connection.prepareStatement(
                "SELECT 1 FROM " + SCHEMA + ".user_keys WHERE user_id = ? FOR UPDATE")) {
            lock.setLong(1, user.value());
            lock.executeQuery().close();
        }
        return connection;
    }

    /** The pid of the vault connection that waits for a lock, once there is one. */
    private static int awaitBackendWaitingForLock(Connection connection) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (PreparedStatement query = connection.prepareStatement("SELECT pid FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name = ? AND wait_event_type = 'Lock'")) {
                query.setString(1, ConnectionPools.APPLICATION_NAME);
                try (ResultSet rows = query.executeQuery()) {
                    if (rows.next()) {
                        return rows.getInt(1);
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the rotation never waited for the row lock");
    }

    /** Retries while the answer is "unavailable", for up to five seconds; anything else fails at once. */
    private static <T> T eventually(Supplier<T> call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            try {
                return call.get();
            } catch (DependencyUnavailableException stillDown) {
                if (System.nanoTime() > deadline) {
                    throw stillDown;
                }
            }
        }
    }

    private static void assertUnavailable(DependencyUnavailableException failure, String... reasons) {
        assertThat(failure).isNotNull();
        assertThat(failure.dependency()).isEqualTo(Dependency.DATABASE);
        assertThat(failure.retryAfter()).isEqualTo(Duration.ofSeconds(2));
        assertThat(failure.getCause()).isNull();
        assertThat(failure.getSuppressed()).isEmpty();
        if (reasons.length > 0) {
            assertThat(failure.getMessage()).isIn(java.util.Arrays.stream(reasons).map(r -> "database unavailable: " + r).toList());
        } else {
            assertThat(failure.getMessage()).startsWith("database unavailable: ").doesNotContain("jdbc", "SQL", "postgres");
        }
    }

    private static Duration elapsedSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

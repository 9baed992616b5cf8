package com.estatekit.vault.adapter.postgres;

import static com.estatekit.vault.domain.fake.KeyFixtures.T0;
import static com.estatekit.vault.domain.fake.KeyFixtures.firstKey;
import static com.estatekit.vault.domain.fake.KeyFixtures.rotated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Wrapped private keys and passwords never reach an exception message or a log line. The database
 * is made to reject a write whose row holds a wrapped key, because PostgreSQL's own error detail
 * ("Failing row contains (...)") would quote it.
 */
class SecretHygieneTest {

    private static final String SCHEMA = "hygiene";
    private static final TestDatabase DB = TestDatabase.shared();
    private static final long REJECTED_USER = 666;
    private static PostgresKeyRepository repository;

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeAll
    static void start() throws SQLException {
        repository = PostgresKeyRepository.start(DB.config(SCHEMA));
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE hygiene.user_keys ADD CONSTRAINT test_rejects_user_666"
                    + " CHECK (user_id <> " + REJECTED_USER + " OR key_version = 1)");
            statement.execute("ALTER TABLE hygiene.user_keys ADD CONSTRAINT test_rejects_user_667 CHECK (user_id <> 667)");
            statement.execute("ALTER TABLE hygiene.user_key_history ADD CONSTRAINT test_rejects_history_of_666"
                    + " CHECK (user_id <> " + REJECTED_USER + ")");
        }
    }

    @AfterAll
    static void stop() {
        repository.close();
    }

    @BeforeEach
    void captureLogs() {
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(logs);
    }

    @Test
    void the_configuration_never_shows_the_password() {
        PostgresConfig config = PostgresConfig.of("jdbc:postgresql://db:5432/vault?ssl=true&password=inUrl-s3cret&x=1",
                "vault", "s3cret-Passw0rd");

        assertThat(config.toString()).doesNotContain("s3cret").contains("password=****", "ssl=true", "x=1", "user=vault");
        assertThat(PostgresConfig.of("jdbc:postgresql://db/vault", "vault", "").toString()).contains("password=(none)");
    }

    @Test
    void a_rejected_first_key_leaks_no_wrapped_key_bytes_into_errors_or_logs() {
        UserKey key = firstKey(UserId.of(667), T0);

        DependencyUnavailableException failure = catchThrowableOfType(DependencyUnavailableException.class,
                () -> repository.insertFirstKey(key));

        assertThat(failure.getMessage()).isEqualTo("database unavailable: unexpected database error");
        assertNothingQuotes(key, failure);
    }

    @Test
    void a_rejected_rotation_leaks_no_wrapped_key_bytes_into_errors_or_logs() {
        UserKey first = firstKey(UserId.of(REJECTED_USER), T0);
        repository.insertFirstKey(first);

        DependencyUnavailableException failure = catchThrowableOfType(DependencyUnavailableException.class,
                () -> repository.rotate(first, rotated(first, T0.plusSeconds(1))));

        assertThat(failure).isNotNull();
        assertNothingQuotes(first, failure);
        assertThat(repository.findKeyRing(first.userId()).orElseThrow().current()).isEqualTo(first);
    }

    @Test
    void without_the_driver_setting_the_server_detail_would_quote_the_wrapped_key() throws SQLException {
        // The control for the two tests above: proves the needle is real, so they can fail.
        UserKey key = firstKey(UserId.of(667), T0);
        Properties properties = new Properties();
        properties.setProperty("user", DB.user());
        properties.setProperty("password", DB.password());
        properties.setProperty("logServerErrorDetail", "true");
        try (Connection connection = DriverManager.getConnection(DB.jdbcUrl(), properties);
                PreparedStatement insert = connection.prepareStatement("INSERT INTO hygiene.user_keys"
                        + " (user_id, key, key_version, wrapped_private_key, kms_key_id, created_at) VALUES (?, ?, 1, ?, 'k', now())")) {
            insert.setLong(1, key.userId().value());
            insert.setString(2, key.publicKey().base64());
            insert.setBytes(3, key.wrappedPrivateKey().bytes());
            SQLException rejected = catchThrowableOfType(SQLException.class, insert::executeUpdate);
            assertThat(rejected.getMessage()).contains(hexPrefix(key));
        }
    }

    private void assertNothingQuotes(UserKey key, DependencyUnavailableException failure) {
        String hex = hexPrefix(key);
        String base64 = Base64.getEncoder().encodeToString(key.wrappedPrivateKey().bytes()).substring(0, 16);
        assertThat(failure.getCause()).isNull();
        assertThat(failure.getSuppressed()).isEmpty();
        assertThat(failure.getMessage()).doesNotContain(hex, base64);

        List<String> lines = loggedText();
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("unexpected database error", "SQLState 23514"));
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContainIgnoringCase(hex).doesNotContain(base64));
    }

    /** The first bytes of the wrapped key as PostgreSQL prints bytea: lower-case hex. */
    private static String hexPrefix(UserKey key) {
        return HexFormat.of().formatHex(key.wrappedPrivateKey().bytes()).substring(0, 16);
    }

    /** Every captured message, argument and exception message (with causes), one string each. */
    private List<String> loggedText() {
        List<String> text = new ArrayList<>();
        for (ILoggingEvent event : logs.list) {
            text.add(event.getFormattedMessage());
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                text.add(t.getClassName() + ": " + t.getMessage());
            }
        }
        return text;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}

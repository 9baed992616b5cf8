package com.estatekit.vault.adapter.postgres;

import static com.estatekit.vault.domain.fake.KeyFixtures.T0;
import static com.estatekit.vault.domain.fake.KeyFixtures.firstKey;
import static com.estatekit.vault.domain.fake.KeyFixtures.rotated;
import static com.estatekit.vault.domain.fake.KeyFixtures.v;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.port.out.KeyRepository.RetireOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the adapter writes into the seed's tables, checked row by row with plain JDBC. */
class StoredRowsTest {

    private static final String SCHEMA = "stored_rows";
    private static final TestDatabase DB = TestDatabase.shared();
    private static PostgresKeyRepository repository;

    @BeforeAll
    static void start() {
        repository = PostgresKeyRepository.start(DB.config(SCHEMA));
    }

    @AfterAll
    static void stop() {
        repository.close();
    }

    @BeforeEach
    void empty() {
        DB.truncate(SCHEMA);
    }

    @Test
    void the_seed_columns_hold_the_public_keys_and_the_rotation_day() throws SQLException {
        UserKey first = firstKey(UserId.of(42), T0);
        repository.insertFirstKey(first);
        Instant lateEvening = Instant.parse("2026-03-31T23:30:00.000001Z");
        UserKey second = rotated(first, lateEvening);
        repository.rotate(first, second);

        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            try (ResultSet current = statement.executeQuery("SELECT user_id, key, key_version, row_version FROM "
                    + SCHEMA + ".user_keys")) {
                assertThat(current.next()).isTrue();
                assertThat(current.getLong("user_id")).isEqualTo(42);
                assertThat(current.getString("key")).isEqualTo(second.publicKey().base64());
                assertThat(current.getInt("key_version")).isEqualTo(2);
                assertThat(current.getLong("row_version")).isEqualTo(1);
                assertThat(current.next()).isFalse();
            }
            try (ResultSet history = statement.executeQuery("SELECT user_id, date, value, key_version, wrapped_private_key,"
                    + " replaced_at, retired_at FROM " + SCHEMA + ".user_key_history")) {
                assertThat(history.next()).isTrue();
                assertThat(history.getLong("user_id")).isEqualTo(42);
                assertThat(history.getObject("date", LocalDate.class)).isEqualTo(LocalDate.of(2026, 3, 31));
                assertThat(history.getString("value")).isEqualTo(first.publicKey().base64());
                assertThat(history.getInt("key_version")).isEqualTo(1);
                assertThat(history.getBytes("wrapped_private_key")).isEqualTo(first.wrappedPrivateKey().bytes());
                assertThat(history.getObject("replaced_at", OffsetDateTime.class).toInstant()).isEqualTo(lateEvening);
                assertThat(history.getObject("retired_at")).isNull();
                assertThat(history.next()).isFalse();
            }
        }
    }

    @Test
    void retiring_destroys_the_wrapped_key_and_keeps_the_public_key_as_audit_record() throws SQLException {
        UserKey first = firstKey(UserId.of(43), T0);
        repository.insertFirstKey(first);
        repository.rotate(first, rotated(first, T0.plusSeconds(60)));

        assertThat(repository.retire(first.userId(), v(1))).isEqualTo(RetireOutcome.RETIRED);

        try (Connection connection = DB.connect(); Statement statement = connection.createStatement();
                ResultSet history = statement.executeQuery("SELECT value, date, wrapped_private_key, retired_at FROM "
                        + SCHEMA + ".user_key_history WHERE user_id = 43 AND key_version = 1")) {
            assertThat(history.next()).isTrue();
            assertThat(history.getBytes("wrapped_private_key")).isNull();
            assertThat(history.getObject("retired_at")).isNotNull();
            assertThat(history.getString("value")).isEqualTo(first.publicKey().base64());
            assertThat(history.getObject("date", LocalDate.class)).isEqualTo(LocalDate.ofInstant(T0, ZoneOffset.UTC));
        }
        assertThat(repository.findKeyRing(first.userId()).orElseThrow().history()).isEmpty();
    }

    @Test
    void retiring_works_whatever_the_rotation_time_said() {
        UserKey first = firstKey(UserId.of(53), T0);
        repository.insertFirstKey(first);
        Instant farFuture = Instant.parse("2099-01-01T00:00:00Z");
        repository.rotate(first, rotated(first, farFuture));

        assertThat(repository.retire(first.userId(), v(1))).isEqualTo(RetireOutcome.RETIRED);
    }

    @Test
    void delete_leaves_no_row_of_the_user_in_either_table() throws SQLException {
        UserKey first = firstKey(UserId.of(44), T0);
        repository.insertFirstKey(first);
        UserKey second = rotated(first, T0.plusSeconds(1));
        repository.rotate(first, second);
        repository.rotate(second, rotated(second, T0.plusSeconds(2)));
        repository.retire(first.userId(), v(1));

        repository.deleteAll(first.userId());

        assertThat(count("SELECT count(*) FROM " + SCHEMA + ".user_keys WHERE user_id = 44")).isZero();
        assertThat(count("SELECT count(*) FROM " + SCHEMA + ".user_key_history WHERE user_id = 44")).isZero();
    }

    @Test
    void instants_finer_than_microseconds_are_stored_truncated_and_read_back_equal() {
        Instant nanos = Instant.parse("2026-05-05T05:05:05.123456789Z");
        UserKey first = firstKey(UserId.of(45), nanos);
        repository.insertFirstKey(first);

        UserKey stored = repository.findKeyRing(first.userId()).orElseThrow().current();

        assertThat(stored.createdAt()).isEqualTo(Instant.parse("2026-05-05T05:05:05.123456Z"));
    }

    @Test
    void rotating_a_key_that_was_deleted_and_created_again_is_a_conflict() {
        UserId user = UserId.of(46);
        UserKey stale = firstKey(user, T0);
        repository.insertFirstKey(stale);
        repository.deleteAll(user);
        UserKey recreated = firstKey(user, T0.plusSeconds(5));
        repository.insertFirstKey(recreated);

        assertThatThrownBy(() -> repository.rotate(stale, rotated(stale, T0.plusSeconds(10))))
                .isInstanceOf(KeyChangeConflictException.class);

        UserKeyRing ring = repository.findKeyRing(user).orElseThrow();
        assertThat(ring.current()).isEqualTo(recreated);
        assertThat(ring.history()).isEmpty();
    }

    @Test
    void a_rotation_must_go_to_the_next_version_of_the_same_user() {
        UserKey first = firstKey(UserId.of(47), T0);
        repository.insertFirstKey(first);
        UserKey second = rotated(first, T0.plusSeconds(1));

        assertThatThrownBy(() -> repository.rotate(first, rotated(second, T0.plusSeconds(2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> repository.rotate(first, rotated(firstKey(UserId.of(48), T0), T0.plusSeconds(2))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(repository.findKeyRing(first.userId()).orElseThrow().current()).isEqualTo(first);
    }

    @Test
    void only_version_one_can_be_a_first_key() {
        UserKey first = firstKey(UserId.of(49), T0);

        assertThatThrownBy(() -> repository.insertFirstKey(rotated(first, T0.plusSeconds(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(repository.findKeyRing(first.userId())).isEmpty();
    }

    @Test
    void the_due_listing_respects_limit_zero_and_an_absent_after() {
        repository.insertFirstKey(firstKey(UserId.of(50), T0));
        repository.insertFirstKey(firstKey(UserId.of(51), T0));

        assertThat(repository.findCurrentBefore(T0.plusSeconds(1), Optional.empty(), 0)).isEmpty();
        assertThat(repository.findCurrentBefore(T0.plusSeconds(1), Optional.empty(), 5))
                .containsExactly(UserId.of(50), UserId.of(51));
        assertThat(repository.findCurrentBefore(T0, Optional.empty(), 5)).isEmpty();
        assertThatThrownBy(() -> repository.findCurrentBefore(T0, Optional.empty(), -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_due_listing_can_use_its_index() throws SQLException {
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET enable_seqscan = off");
            statement.execute("SET enable_sort = off");
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN SELECT user_id FROM " + SCHEMA
                    + ".user_keys WHERE coalesce(rotated_at, created_at) < ? AND user_id > ? ORDER BY user_id LIMIT 10")) {
                explain.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                explain.setLong(2, 0);
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
            }
            // With sequential scans and sorts priced out, the planner must walk an index in user_id
            // order or range-scan the current-since index; either way, no full scan.
            assertThat(plan.toString()).containsAnyOf("user_keys_current_since_idx", "user_keys_pkey")
                    .doesNotContain("Seq Scan");
        }
    }

    @Test
    void a_rotation_keeps_the_creation_time_and_records_when_it_happened() {
        UserKey first = firstKey(UserId.of(52), T0);
        repository.insertFirstKey(first);
        Instant at = T0.plus(Duration.ofDays(90));

        repository.rotate(first, rotated(first, at));

        UserKey current = repository.findKeyRing(first.userId()).orElseThrow().current();
        assertThat(current.createdAt()).isEqualTo(T0);
        assertThat(current.rotatedAt()).isEqualTo(at);
        assertThat(current.currentSince()).isEqualTo(at);
    }

    private static long count(String sql) throws SQLException {
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }
}

package com.estatekit.vault.adapter.postgres;

import static com.estatekit.vault.domain.fake.KeyFixtures.T0;
import static com.estatekit.vault.domain.fake.KeyFixtures.firstKey;
import static com.estatekit.vault.domain.fake.KeyFixtures.rotated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Flyway owns the schema; Hibernate only validates it; the database itself refuses bad rows. */
class MigrationTest {

    private static final TestDatabase DB = TestDatabase.shared();
    /** Migrated once for the read-only and constraint tests below. */
    private static final String SCHEMA = "migrated";

    @BeforeAll
    static void migrate() {
        Migrations.migrate(DB.config(SCHEMA));
    }

    @Test
    void an_empty_schema_migrates_to_the_latest_version_and_a_second_run_changes_nothing() throws SQLException {
        PostgresConfig config = DB.config("fresh_schema");

        assertThat(Migrations.migrate(config)).isEqualTo(2);
        List<Tuple> structure = structureOf("fresh_schema");
        assertThat(Migrations.migrate(config)).isZero();

        assertThat(structureOf("fresh_schema")).isEqualTo(structure).isNotEmpty();
        assertThat(strings("SELECT version || ':' || success FROM fresh_schema.flyway_schema_history"
                + " WHERE type = 'SQL' ORDER BY installed_rank"))
                .containsExactly("1:true", "2:true");
    }

    @Test
    void hibernate_validation_passes_on_the_migrated_schema() {
        try (PostgresKeyRepository repository = PostgresKeyRepository.start(DB.config(SCHEMA))) {
            assertThat(repository.findKeyRing(UserId.of(1))).isEmpty();
        }
    }

    @Test
    void hibernate_validation_refuses_a_schema_that_lacks_a_mapped_column() throws SQLException {
        Migrations.migrate(DB.config("broken_schema"));
        execute("ALTER TABLE broken_schema.user_keys DROP COLUMN kms_key_id");

        assertThatThrownBy(() -> PostgresKeyRepository.start(DB.config("broken_schema")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("does not match");
    }

    @Test
    void the_seed_columns_exist_with_the_seed_types() throws SQLException {
        assertThat(columns(SCHEMA, "user_keys", "user_id", "key")).containsExactly(
                tuple("user_id", "bigint", null, "NO", null),
                tuple("key", "character varying", 200, "NO", null));
        assertThat(columns(SCHEMA, "user_key_history", "id", "user_id", "date", "value")).containsExactly(
                tuple("id", "bigint", null, "NO", "nextval('migrated.user_key_history_id_seq'::regclass)"),
                tuple("user_id", "bigint", null, "NO", null),
                tuple("date", "date", null, "NO", null),
                tuple("value", "character varying", 200, "YES", null));
    }

    @Test
    void the_added_columns_have_the_designed_types() throws SQLException {
        assertThat(columns(SCHEMA, "user_keys", "key_version", "wrapped_private_key", "kms_key_id", "created_at",
                "rotated_at", "row_version")).extracting(row -> row.toList().subList(0, 2)).containsExactly(
                List.of("key_version", "integer"),
                List.of("wrapped_private_key", "bytea"),
                List.of("kms_key_id", "text"),
                List.of("created_at", "timestamp with time zone"),
                List.of("rotated_at", "timestamp with time zone"),
                List.of("row_version", "bigint"));
        assertThat(columns(SCHEMA, "user_key_history", "key_version", "wrapped_private_key", "kms_key_id",
                "replaced_at", "retired_at")).extracting(row -> row.toList().subList(0, 2)).containsExactly(
                List.of("key_version", "integer"),
                List.of("wrapped_private_key", "bytea"),
                List.of("kms_key_id", "text"),
                List.of("replaced_at", "timestamp with time zone"),
                List.of("retired_at", "timestamp with time zone"));
    }

    @Test
    void the_keys_and_the_due_listing_index_exist() throws SQLException {
        assertThat(strings("SELECT conname || ':' || contype::text FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace"
                + " WHERE n.nspname = 'migrated' AND contype IN ('p', 'u', 'f') AND conname LIKE 'user_key%' ORDER BY conname COLLATE \"C\"")).containsExactly(
                "user_key_history_pkey:p", "user_key_history_user_fkey:f", "user_key_history_user_version_key:u",
                "user_keys_pkey:p");
        assertThat(strings("SELECT confdeltype::text FROM pg_constraint WHERE conname = 'user_key_history_user_fkey'"
                + " AND connamespace = 'migrated'::regnamespace")).containsExactly("c");
        assertThat(strings("SELECT indexdef FROM pg_indexes WHERE schemaname = 'migrated'"
                + " AND indexname = 'user_keys_current_since_idx'"))
                .singleElement().asString().contains("COALESCE(rotated_at, created_at)", "user_id");
    }

    @Test
    void a_key_version_below_one_is_refused_by_the_database() {
        assertThatThrownBy(() -> execute(insertKey(900, 0, "now()", "NULL")))
                .isInstanceOf(SQLException.class)
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23514"))
                .hasMessageContaining("user_keys_key_version_positive");
    }

    @Test
    void a_second_current_key_for_one_user_is_refused_by_the_database() throws SQLException {
        execute(insertKey(901, 1, "now()", "NULL"));

        assertThatThrownBy(() -> execute(insertKey(901, 1, "now()", "NULL")))
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23505"));
    }

    @Test
    void a_version_past_one_without_a_rotation_time_is_refused_by_the_database() {
        assertThatThrownBy(() -> execute(insertKey(902, 2, "now()", "NULL")))
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23514"))
                .hasMessageContaining("user_keys_rotated_past_first");
    }

    @Test
    void a_duplicate_history_version_is_refused_by_the_database() throws SQLException {
        execute(insertKey(903, 3, "'2026-01-01T00:00:00Z'", "'2026-02-01T00:00:00Z'"));
        execute(insertHistory(903, 1, "'2026-01-15T00:00:00Z'", "'2026-01-15'"));

        assertThatThrownBy(() -> execute(insertHistory(903, 1, "'2026-02-01T00:00:00Z'", "'2026-02-01'")))
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23505"))
                .hasMessageContaining("user_key_history_user_version_key");
    }

    @Test
    void a_history_row_without_its_user_is_refused_and_a_deleted_user_takes_its_history_along() throws SQLException {
        assertThatThrownBy(() -> execute(insertHistory(904, 1, "now()", "(now() AT TIME ZONE 'UTC')::date")))
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23503"));

        execute(insertKey(905, 2, "'2026-01-01T00:00:00Z'", "'2026-02-01T00:00:00Z'"));
        execute(insertHistory(905, 1, "'2026-02-01T00:00:00Z'", "'2026-02-01'"));
        execute("DELETE FROM migrated.user_keys WHERE user_id = 905");
        assertThat(strings("SELECT count(*)::text FROM migrated.user_key_history WHERE user_id = 905")).containsExactly("0");
    }

    @Test
    void a_history_version_not_older_than_the_current_one_is_refused_at_commit() throws SQLException {
        execute(insertKey(906, 2, "'2026-01-01T00:00:00Z'", "'2026-02-01T00:00:00Z'"));

        assertThatThrownBy(() -> execute(insertHistory(906, 2, "'2026-02-01T00:00:00Z'", "'2026-02-01'")))
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23514"))
                .hasMessageContaining("older than the current key version");
        execute(insertHistory(906, 1, "'2026-02-01T00:00:00Z'", "'2026-02-01'"));
        assertThatThrownBy(() -> execute("UPDATE migrated.user_keys SET key_version = 1, rotated_at = NULL WHERE user_id = 906"))
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23514"));
    }

    @Test
    void the_seed_date_must_be_the_utc_day_of_the_replacement() throws SQLException {
        execute(insertKey(907, 2, "'2026-01-01T00:00:00Z'", "'2026-02-01T00:00:00Z'"));

        assertThatThrownBy(() -> execute(insertHistory(907, 1, "'2026-02-01T23:30:00Z'", "'2026-02-02'")))
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23514"))
                .hasMessageContaining("user_key_history_date_is_replaced_day");
    }

    @Test
    void a_retired_row_must_have_lost_its_wrapped_key() throws SQLException {
        execute(insertKey(908, 2, "'2026-01-01T00:00:00Z'", "'2026-02-01T00:00:00Z'"));
        execute(insertHistory(908, 1, "'2026-02-01T00:00:00Z'", "'2026-02-01'"));

        assertThatThrownBy(() -> execute("UPDATE migrated.user_key_history SET retired_at = now() WHERE user_id = 908"))
                .satisfies(failure -> assertThat(((SQLException) failure).getSQLState()).isEqualTo("23514"))
                .hasMessageContaining("user_key_history_retired_iff_destroyed");
    }

    @Test
    void a_quoted_mixed_case_schema_like_the_seeds_works_end_to_end() throws SQLException {
        PostgresConfig config = DB.config("Vault");
        try (PostgresKeyRepository repository = PostgresKeyRepository.start(config)) {
            UserKey first = firstKey(UserId.of(7), T0);
            repository.insertFirstKey(first);
            UserKey second = rotated(first, T0.plusSeconds(1));
            repository.rotate(first, second);
            assertThat(repository.findKeyRing(first.userId()).orElseThrow().current()).isEqualTo(second);
            assertThat(repository.deleteAll(first.userId())).isTrue();
        }

        assertThat(strings("SELECT table_name FROM information_schema.tables WHERE table_schema = 'Vault'"
                + " AND table_name LIKE 'user_key%' ORDER BY table_name COLLATE \"C\""))
                .containsExactly("user_key_history", "user_keys");
        assertThat(strings("SELECT count(*)::text FROM information_schema.tables WHERE table_schema = 'vault'"))
                .containsExactly("0");
        assertThat(columns("Vault", "user_key_history", "id")).extracting(row -> row.toList().get(4))
                .containsExactly("nextval('\"Vault\".user_key_history_id_seq'::regclass)");
        assertThat(Migrations.migrate(config)).isZero();
    }

    private static String insertKey(long user, int version, String createdAt, String rotatedAt) {
        return "INSERT INTO migrated.user_keys (user_id, key, key_version, wrapped_private_key, kms_key_id, created_at, rotated_at)"
                + " VALUES (" + user + ", 'cHVibGlj', " + version + ", '\\x0102'::bytea, 'kms', " + createdAt + ", " + rotatedAt + ")";
    }

    private static String insertHistory(long user, int version, String replacedAt, String date) {
        return "INSERT INTO migrated.user_key_history (user_id, date, value, key_version, wrapped_private_key, kms_key_id,"
                + " replaced_at) VALUES (" + user + ", " + date + ", 'cHVibGlj', " + version + ", '\\x0102'::bytea, 'kms', "
                + replacedAt + ")";
    }

    private static void execute(String sql) throws SQLException {
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static List<String> strings(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = DB.connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    /** name, data type, varchar length, nullable, default of the given columns, in the order asked. */
    private static List<Tuple> columns(String schema, String table, String... names) throws SQLException {
        List<Tuple> columns = new ArrayList<>();
        try (Connection connection = DB.connect(); PreparedStatement query = connection.prepareStatement(
                "SELECT column_name, data_type, character_maximum_length, is_nullable, column_default"
                        + " FROM information_schema.columns WHERE table_schema = ? AND table_name = ? AND column_name = ?")) {
            for (String name : names) {
                query.setString(1, schema);
                query.setString(2, table);
                query.setString(3, name);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        columns.add(tuple(row.getString(1), row.getString(2), (Integer) row.getObject(3), row.getString(4),
                                row.getString(5)));
                    }
                }
            }
        }
        return columns;
    }

    /** Every column, constraint, index and trigger of a schema, to compare before and after. */
    private static List<Tuple> structureOf(String schema) throws SQLException {
        List<Tuple> structure = new ArrayList<>();
        String sql = "SELECT 'column', table_name || '.' || column_name || ' ' || data_type FROM information_schema.columns"
                + " WHERE table_schema = ?"
                + " UNION ALL SELECT 'constraint', conname || ' ' || pg_get_constraintdef(c.oid) FROM pg_constraint c"
                + " JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ?"
                + " UNION ALL SELECT 'index', indexdef FROM pg_indexes WHERE schemaname = ?"
                + " UNION ALL SELECT 'trigger', tgname FROM pg_trigger t JOIN pg_class r ON r.oid = t.tgrelid"
                + " JOIN pg_namespace n ON n.oid = r.relnamespace WHERE n.nspname = ? AND NOT t.tgisinternal"
                + " ORDER BY 1, 2";
        try (Connection connection = DB.connect(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 1; i <= 4; i++) {
                query.setString(i, schema);
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    structure.add(tuple(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return structure;
    }
}

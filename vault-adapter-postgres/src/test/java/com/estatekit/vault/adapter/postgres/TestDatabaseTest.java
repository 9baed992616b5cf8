package com.estatekit.vault.adapter.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The harness itself: it must make and drop real databases, and explain a missing server. */
class TestDatabaseTest {

    @Test
    void the_database_name_replaces_the_one_in_the_admin_url() {
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "t1"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/t1");
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://h1:5432,h2:5433/postgres?sslmode=require", "t1"))
                .isEqualTo("jdbc:postgresql://h1:5432,h2:5433/t1?sslmode=require");
        assertThat(TestDatabase.withDatabase("jdbc:postgresql://db", "t1")).isEqualTo("jdbc:postgresql://db/t1");
        assertThat(TestDatabase.withDatabase("jdbc:postgresql:postgres", "t1")).isEqualTo("jdbc:postgresql:t1");
    }

    @Test
    void a_created_database_exists_until_it_is_closed() throws SQLException {
        TestDatabase database = TestDatabase.create();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                ResultSet name = statement.executeQuery("SELECT current_database()")) {
            name.next();
            assertThat(name.getString(1)).isEqualTo(database.name()).startsWith("vault_test_");
        } finally {
            database.close();
        }

        assertThat(databasesNamed(database.name())).isZero();
    }

    @Test
    void no_server_is_a_failure_that_says_how_to_start_one() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }

        assertThatThrownBy(() -> TestDatabase.create("jdbc:postgresql://127.0.0.1:" + closed + "/postgres", "postgres", ""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(TestDatabase.START_COMMAND)
                .hasMessageContaining(TestDatabase.URL_VARIABLE);
    }

    @Test
    void host_and_port_come_from_the_url_and_a_proxy_url_keeps_the_database() {
        TestDatabase shared = TestDatabase.shared();

        assertThat(shared.jdbcUrlVia("127.0.0.1", 6543)).isEqualTo("jdbc:postgresql://127.0.0.1:6543/" + shared.name());
        assertThat(shared.port()).isPositive();
        assertThat(shared.host()).isNotBlank();
    }

    private static long databasesNamed(String name) throws SQLException {
        try (Connection connection = TestDatabase.shared().connect();
                Statement statement = connection.createStatement();
                ResultSet count = statement.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '" + name + "'")) {
            count.next();
            return count.getLong(1);
        }
    }
}

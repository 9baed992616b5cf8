package com.estatekit.vault.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.estatekit.vault.adapter.http.CognitoTestIssuer;
import com.estatekit.vault.adapter.postgres.TcpProxy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole app with its database behind a proxy that can be taken away, as in a database restart
 * or failover: calls answer 503 with Retry-After, readiness goes down, nothing acknowledged is lost,
 * and everything recovers without restarting the app.
 */
class DatabaseOutageTest {

    private static LocalPeers peers;
    private static TcpProxy proxy;
    private static CognitoTestIssuer cognito;
    private static VaultApplication app;

    @BeforeAll
    static void startBehindAProxy() {
        peers = new LocalPeers();
        cognito = peers.cognito;
        proxy = TcpProxy.to(peers.database.host(), peers.database.port());
        Map<String, String> env = peers.productionEnvironment(peers.database.jdbcUrlVia("127.0.0.1", proxy.port()));
        app = VaultApplication.start(VaultConfig.fromEnvironment(env), Clock.systemUTC());
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable part : new AutoCloseable[] {app, proxy, peers}) {
            try {
                if (part != null) {
                    part.close();
                }
            } catch (Exception ignored) {
                // best effort; the next part still closes
            }
        }
    }

    private static boolean awaitReady(Http management) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (management.get("/health/ready", null).status() == 200) {
                return true;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    @Test
    void a_database_outage_is_503_with_retry_after_and_recovers_without_restart() {
        Http api = new Http(app.apiPort());
        Http management = new Http(app.managementPort());
        String token = cognito.accessTokenWithAllScopes("estatekit-backend");
        assertThat(api.post("/v1/users/7001/keys", token, null).status()).isEqualTo(201);
        List<String> sealed = api.post("/v1/users/7001/encrypt", token, Map.of("plaintexts", List.of("kept")))
                .json().get("ciphertexts").valueStream().map(node -> node.asString()).toList();

        proxy.stop();
        try {
            for (Http.Response refused : List.of(
                    api.post("/v1/users/7001/encrypt", token, Map.of("plaintexts", List.of("x"))),
                    api.post("/v1/users/7001/decrypt", token, Map.of("ciphertexts", sealed)),
                    api.post("/v1/users/7002/keys", token, null),
                    api.get("/v1/users/7001/keys", token))) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.header("Retry-After")).isNotBlank();
                assertThat(refused.json().get("type").asString()).isEqualTo("https://estatekit.com/problems/dependency-unavailable");
            }
            assertThat(management.get("/health/ready", null).status()).isEqualTo(503);
            assertThat(management.get("/health/live", null).status()).isEqualTo(200);
        } finally {
            proxy.start();
        }

        assertThat(awaitReady(management)).as("ready again within 30 s of the database coming back").isTrue();
        Http.Response decrypted = api.post("/v1/users/7001/decrypt", token, Map.of("ciphertexts", sealed));
        assertThat(decrypted.status()).isEqualTo(200);
        assertThat(decrypted.json().get("plaintexts").get(0).asString()).isEqualTo("kept");
        assertThat(api.post("/v1/users/7002/keys", token, null).status()).as("nothing half-created").isEqualTo(201);
    }
}

package com.estatekit.vault.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.estatekit.vault.adapter.http.CognitoTestIssuer;
import com.estatekit.vault.adapter.kms.KmsWireTestServer;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole app in production mode, started from environment-style settings, against the real
 * PostgreSQL server, a KMS wire-protocol server driven by the real AWS SDK, and a real local OAuth2
 * server whose tokens the app verifies through its JWKS. Everything over real HTTP.
 */
class EndToEndTest {

    private static final AtomicLong USERS = new AtomicLong(System.currentTimeMillis() % 1_000_000 * 1000);

    private static LocalPeers peers;
    private static KmsWireTestServer kms;
    private static CognitoTestIssuer cognito;
    private static VaultApplication app;
    private static Http api;
    private static Http management;
    private static String token;

    @BeforeAll
    static void startEverything() {
        peers = new LocalPeers();
        kms = peers.kms;
        cognito = peers.cognito;
        Map<String, String> env = peers.productionEnvironment();
        env.put("VAULT_DB_SCHEMA", "vault_e2e");
        app = VaultApplication.start(VaultConfig.fromEnvironment(env), Clock.systemUTC());
        api = new Http(app.apiPort());
        management = new Http(app.managementPort());
        token = cognito.accessTokenWithAllScopes("estatekit-backend");
    }

    @AfterAll
    static void stopEverything() {
        if (app != null) {
            app.close();
        }
        if (peers != null) {
            peers.close();
        }
    }

    private static long newUser() {
        return USERS.incrementAndGet();
    }

    private static List<String> strings(JsonNode array) {
        return array.valueStream().map(node -> node.isNull() ? null : node.asString()).toList();
    }

    @Test
    void a_user_key_lives_through_create_encrypt_decrypt_rotate_list_retire_and_delete() {
        long user = newUser();
        String keys = "/v1/users/" + user + "/keys";

        Http.Response created = api.post(keys, token, null);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("created").asBoolean()).isTrue();
        assertThat(created.json().get("keyVersion").asInt()).isEqualTo(1);
        Http.Response again = api.post(keys, token, null);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().get("created").asBoolean()).isFalse();

        JsonNode described = api.get(keys, token).json();
        assertThat(described.get("keyVersion").asInt()).isEqualTo(1);
        assertThat(described.get("publicKey").asString()).hasSize(124);

        List<String> plaintexts = List.of("123-45-6789", "Grüße aus Köln 😀", "");
        int decryptsBefore = kms.requests("Decrypt").size();
        Http.Response encrypted = api.post("/v1/users/" + user + "/encrypt", token, Map.of("plaintexts", plaintexts));
        assertThat(encrypted.status()).isEqualTo(200);
        List<String> v1 = strings(encrypted.json().get("ciphertexts"));
        assertThat(v1).hasSize(3).allMatch(text -> text.startsWith("ek1:1:"));
        assertThat(kms.requests("Decrypt")).as("encrypt never calls KMS").hasSize(decryptsBefore);

        Http.Response decrypted = api.post("/v1/users/" + user + "/decrypt", token, Map.of("ciphertexts", v1));
        assertThat(decrypted.status()).isEqualTo(200);
        assertThat(strings(decrypted.json().get("plaintexts"))).containsExactlyElementsOf(plaintexts);

        Map<String, String> values = new LinkedHashMap<>();
        values.put("ssn", v1.get(0));
        values.put("city", v1.get(1));
        Http.Response rotated = api.post(keys + "/rotate", token, Map.of("values", values));
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(rotated.json().get("keyVersion").asInt()).isEqualTo(2);
        assertThat(rotated.json().get("previousKeyVersion").asInt()).isEqualTo(1);
        String newSsn = rotated.json().get("values").get("ssn").asString();
        String newCity = rotated.json().get("values").get("city").asString();
        assertThat(List.of(newSsn, newCity)).allMatch(text -> text.startsWith("ek1:2:"));

        Http.Response mixed = api.post("/v1/users/" + user + "/decrypt", token,
                Map.of("ciphertexts", List.of(v1.get(0), newSsn, v1.get(2), newCity)));
        assertThat(strings(mixed.json().get("plaintexts")))
                .containsExactly("123-45-6789", "123-45-6789", "", "Grüße aus Köln 😀");
        assertThat(strings(api.get(keys, token).json().get("decryptableVersions"))).containsExactly("1", "2");

        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        Http.Response due = api.get("/v1/keys?rotatedBefore=" + tomorrow + "&limit=1000&after=" + (user - 1), token);
        assertThat(due.status()).isEqualTo(200);
        assertThat(due.json().get("userIds").valueStream().map(JsonNode::asLong).toList()).contains(user);

        assertThat(api.delete(keys + "/versions/2", token).status()).as("current version").isEqualTo(409);
        assertThat(api.delete(keys + "/versions/1", token).status()).isEqualTo(204);
        assertThat(api.post("/v1/users/" + user + "/decrypt", token, Map.of("ciphertexts", List.of(v1.get(0)))).status())
                .as("retired version").isEqualTo(422);
        assertThat(api.post("/v1/users/" + user + "/decrypt", token, Map.of("ciphertexts", List.of(newSsn))).status())
                .isEqualTo(200);

        assertThat(api.delete(keys, token).status()).isEqualTo(204);
        assertThat(api.get(keys, token).status()).isEqualTo(404);
        assertThat(api.post("/v1/users/" + user + "/encrypt", token, Map.of("plaintexts", List.of("x"))).status()).isEqualTo(404);
        assertThat(api.post("/v1/users/" + user + "/decrypt", token, Map.of("ciphertexts", List.of(newSsn))).status()).isEqualTo(404);
        assertThat(api.post(keys + "/rotate", token, Map.of("values", Map.of("ssn", newSsn))).status()).isEqualTo(404);
        assertThat(api.delete(keys, token).status()).isEqualTo(404);

        // A new key for the same user does not bring the erased data back.
        assertThat(api.post(keys, token, null).status()).isEqualTo(201);
        assertThat(api.post("/v1/users/" + user + "/decrypt", token, Map.of("ciphertexts", List.of(newSsn))).status()).isEqualTo(422);
    }

    @Test
    void kms_requests_bind_the_user_and_version_and_use_the_master_key() {
        long user = newUser();
        api.post("/v1/users/" + user + "/keys", token, null);

        KmsWireTestServer.RecordedRequest request = kms.requests("GenerateDataKeyPairWithoutPlaintext").stream()
                .filter(r -> r.encryptionContext().containsValue(Long.toString(user))).findFirst().orElseThrow();
        assertThat(request.keyPairSpec()).isEqualTo("ECC_NIST_P256");
        assertThat(request.keyId()).isEqualTo(KmsWireTestServer.DEFAULT_ALIAS);
        assertThat(request.encryptionContext()).containsValue("1");
    }

    @Test
    void encrypt_and_cached_decrypt_keep_working_while_kms_is_down_and_key_creation_says_503() {
        long user = newUser();
        api.post("/v1/users/" + user + "/keys", token, null);
        List<String> sealed = strings(api.post("/v1/users/" + user + "/encrypt", token, Map.of("plaintexts", List.of("a")))
                .json().get("ciphertexts"));
        api.post("/v1/users/" + user + "/decrypt", token, Map.of("ciphertexts", sealed));

        kms.failAlways(KmsWireTestServer.Fault.INTERNAL_ERROR);
        try {
            assertThat(api.post("/v1/users/" + user + "/encrypt", token, Map.of("plaintexts", List.of("b"))).status()).isEqualTo(200);
            assertThat(api.post("/v1/users/" + user + "/decrypt", token, Map.of("ciphertexts", sealed)).status()).isEqualTo(200);
            Http.Response refused = api.post("/v1/users/" + newUser() + "/keys", token, null);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        } finally {
            kms.reset();
        }
        assertThat(api.post("/v1/users/" + newUser() + "/keys", token, null).status()).as("recovers without restart").isEqualTo(201);
    }

    @Test
    void every_api_route_needs_a_token_and_the_management_port_serves_health_and_metrics() {
        assertThat(api.get("/v1/users/1/keys", null).status()).isEqualTo(401);
        assertThat(api.get("/health/ready", null).status()).as("health is not on the API port").isEqualTo(401);

        assertThat(management.get("/health/live", null).status()).isEqualTo(200);
        assertThat(management.get("/health/ready", null).status()).isEqualTo(200);
        api.post("/v1/users/" + newUser() + "/keys", token, null);
        String metrics = management.get("/metrics", null).raw().body();
        assertThat(metrics).contains("vault_kms_calls_total").contains("vault_crypto_provider").contains("hikaricp_connections");
    }
}

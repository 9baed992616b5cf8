package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class KeyRoutesTest {

    private static ApiHarness harness;

    @BeforeAll
    static void start() {
        harness = new ApiHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void creating_a_key_answers_201_with_version_1_and_then_200_not_created() {
        ApiHarness.Response first = harness.post("/v1/users/1001/keys", harness.bearer("vault/keys.create"), null);
        ApiHarness.Response second = harness.post("/v1/users/1001/keys", harness.bearer("vault/keys.create"), null);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.contentType()).startsWith("application/json");
        assertThat(first.json()).isEqualTo(ApiHarness.JSON.readTree("{\"userId\":1001,\"created\":true,\"keyVersion\":1}"));
        assertThat(first.header("Location")).isEqualTo("/v1/users/1001/keys");
        assertThat(first.header("Cache-Control")).isEqualTo("no-store");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json()).isEqualTo(ApiHarness.JSON.readTree("{\"userId\":1001,\"created\":false,\"keyVersion\":1}"));
        assertThat(harness.keyVault.createCalls()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void creating_a_key_needs_no_body_and_ignores_one() {
        ApiHarness.Response withBody = harness.send("POST", "/v1/users/1002/keys", harness.admin(), "text/plain", "whatever");

        assertThat(withBody.status()).isEqualTo(201);
    }

    @Test
    void creating_a_key_while_kms_is_down_is_503_with_retry_after() {
        harness.keyVault.failAsUnavailable();
        try {
            ApiHarness.Response response = harness.post("/v1/users/1003/keys", harness.admin(), null);

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "dependency-unavailable");
            assertThat(response.header("Retry-After")).isEqualTo("3");
            assertThat(response.json().get("dependency").stringValue()).isEqualTo("kms");
        } finally {
            harness.keyVault.recover();
        }
    }

    @Test
    void describing_a_key_shows_versions_times_and_the_public_key() {
        harness.createKey(1010);
        List<String> v1 = harness.encrypt(1010, "a");
        ApiHarness.Response rotated = harness.post("/v1/users/1010/keys/rotate", harness.admin(),
                ApiHarness.json(Map.of("values", Map.of("a", v1.get(0)))));
        assertThat(rotated.status()).isEqualTo(200);

        ApiHarness.Response response = harness.get("/v1/users/1010/keys", harness.bearer("vault/keys.read"));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("userId").longValue()).isEqualTo(1010);
        assertThat(body.get("keyVersion").intValue()).isEqualTo(2);
        assertThat(body.get("algorithm").stringValue()).isEqualTo("HPKE-Base/DHKEM(P-256,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM");
        assertThat(Base64.getDecoder().decode(body.get("publicKey").stringValue())).hasSize(91);
        assertThat(Instant.parse(body.get("createdAt").stringValue())).isBeforeOrEqualTo(Instant.now());
        assertThat(Instant.parse(body.get("rotatedAt").stringValue())).isAfterOrEqualTo(Instant.parse(body.get("createdAt").stringValue()));
        assertThat(body.get("decryptableVersions").toString()).isEqualTo("[1,2]");
        assertThat(body.propertyNames()).containsExactly("userId", "keyVersion", "algorithm", "publicKey", "createdAt",
                "rotatedAt", "decryptableVersions");
    }

    @Test
    void a_key_never_rotated_has_a_null_rotated_at() {
        harness.createKey(1011);

        JsonNode body = harness.get("/v1/users/1011/keys", harness.admin()).json();

        assertThat(body.get("rotatedAt").isNull()).isTrue();
        assertThat(body.get("decryptableVersions").toString()).isEqualTo("[1]");
    }

    @Test
    void describing_the_key_of_a_user_without_one_is_404() {
        ApiHarness.Response response = harness.get("/v1/users/999999/keys", harness.admin());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "key-not-found");
        assertThat(response.json().get("detail").stringValue()).isEqualTo("user 999999 has no key");
    }

    @Test
    void deleting_keys_is_204_and_makes_the_users_data_undecryptable() {
        harness.createKey(1020);
        List<String> ciphertexts = harness.encrypt(1020, "gone");

        ApiHarness.Response deleted = harness.delete("/v1/users/1020/keys", harness.bearer("vault/keys.delete"));
        ApiHarness.Response describe = harness.get("/v1/users/1020/keys", harness.admin());
        ApiHarness.Response decrypt = harness.post("/v1/users/1020/decrypt", harness.admin(),
                ApiHarness.json(Map.of("ciphertexts", ciphertexts)));
        ApiHarness.Response again = harness.delete("/v1/users/1020/keys", harness.admin());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(describe.status()).isEqualTo(404);
        assertThat(decrypt.status()).isEqualTo(404);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.problemType()).isEqualTo(ProblemType.BASE + "key-not-found");
    }

    @Test
    void retiring_an_old_version_is_204_and_its_ciphertexts_become_unreadable() {
        harness.createKey(1030);
        List<String> v1 = harness.encrypt(1030, "old");
        assertThat(harness.post("/v1/users/1030/keys/rotate", harness.admin(), "{\"values\":{}}").status()).isEqualTo(200);

        ApiHarness.Response retired = harness.delete("/v1/users/1030/keys/versions/1", harness.bearer("vault/keys.delete"));
        ApiHarness.Response decrypt = harness.post("/v1/users/1030/decrypt", harness.admin(), ApiHarness.json(Map.of("ciphertexts", v1)));
        ApiHarness.Response describe = harness.get("/v1/users/1030/keys", harness.admin());

        assertThat(retired.status()).isEqualTo(204);
        assertThat(decrypt.status()).isEqualTo(422);
        assertThat(describe.json().get("decryptableVersions").toString()).isEqualTo("[2]");
    }

    @Test
    void retiring_the_current_version_is_409() {
        harness.createKey(1031);

        ApiHarness.Response response = harness.delete("/v1/users/1031/keys/versions/1", harness.admin());

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "key-change-conflict");
        assertThat(response.json().get("detail").stringValue()).contains("current version");
    }

    @Test
    void retiring_an_unknown_version_or_for_a_user_without_keys_is_404() {
        harness.createKey(1032);

        assertThat(harness.delete("/v1/users/1032/keys/versions/7", harness.admin()).status()).isEqualTo(404);
        assertThat(harness.delete("/v1/users/999998/keys/versions/1", harness.admin()).status()).isEqualTo(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "01", "abc", "1.0", "2147483648", "+1"})
    void a_malformed_version_is_400(String version) {
        ApiHarness.Response response = harness.delete("/v1/users/1032/keys/versions/" + version, harness.admin());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "invalid-input");
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "042", "+42", "abc", "4.2", "9223372036854775808", "99999999999999999999", "%20", "1e3",
            "0x2A", "%2B42"})
    void a_user_id_that_is_not_a_positive_64_bit_integer_is_400_on_every_route(String userId) {
        List<ApiHarness.Response> responses = new ArrayList<>();
        responses.add(harness.post("/v1/users/" + userId + "/keys", harness.admin(), null));
        responses.add(harness.get("/v1/users/" + userId + "/keys", harness.admin()));
        responses.add(harness.delete("/v1/users/" + userId + "/keys", harness.admin()));
        responses.add(harness.post("/v1/users/" + userId + "/encrypt", harness.admin(), "{\"plaintexts\":[]}"));
        responses.add(harness.post("/v1/users/" + userId + "/decrypt", harness.admin(), "{\"ciphertexts\":[]}"));
        responses.add(harness.post("/v1/users/" + userId + "/keys/rotate", harness.admin(), "{\"values\":{}}"));
        responses.add(harness.delete("/v1/users/" + userId + "/keys/versions/1", harness.admin()));

        for (ApiHarness.Response response : responses) {
            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "invalid-input");
            assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("userId");
        }
    }

    @Test
    void the_largest_user_id_is_accepted() {
        ApiHarness.Response response = harness.post("/v1/users/9223372036854775807/keys", harness.admin(), null);

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("userId").longValue()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void query_parameters_are_refused_where_a_call_takes_none() {
        harness.createKey(1040);

        ApiHarness.Response response = harness.get("/v1/users/1040/keys?debug=true", harness.admin());

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").stringValue()).isEqualTo("query");
    }

    @Test
    void a_database_outage_is_503_with_retry_after_on_every_key_route() {
        harness.createKey(1050);
        harness.repository.failAsUnavailable();
        try {
            List<ApiHarness.Response> responses = List.of(
                    harness.post("/v1/users/1050/keys", harness.admin(), null),
                    harness.get("/v1/users/1050/keys", harness.admin()),
                    harness.delete("/v1/users/1050/keys", harness.admin()),
                    harness.delete("/v1/users/1050/keys/versions/1", harness.admin()),
                    harness.get("/v1/keys?rotatedBefore=2030-01-01", harness.admin()));
            for (ApiHarness.Response response : responses) {
                assertThat(response.status()).as(response.toString()).isEqualTo(503);
                assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "dependency-unavailable");
                assertThat(response.header("Retry-After")).isEqualTo("2");
                assertThat(response.json().get("dependency").stringValue()).isEqualTo("database");
            }
        } finally {
            harness.repository.recover();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ListingKeysDueForRotation {

        private ApiHarness listing;

        @BeforeAll
        void startOwn() {
            listing = new ApiHarness();
            for (long id = 1; id <= 5; id++) {
                listing.createKey(id);
            }
        }

        @AfterAll
        void stopOwn() {
            listing.close();
        }

        private String tomorrow() {
            return LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        }

        @Test
        void pages_through_users_in_id_order() {
            String auth = listing.bearer("vault/keys.read");

            JsonNode first = listing.get("/v1/keys?rotatedBefore=" + tomorrow() + "&limit=2", auth).json();
            JsonNode second = listing.get("/v1/keys?rotatedBefore=" + tomorrow() + "&limit=2&after=2", auth).json();
            JsonNode last = listing.get("/v1/keys?rotatedBefore=" + tomorrow() + "&limit=2&after=4", auth).json();

            assertThat(first.toString()).isEqualTo("{\"userIds\":[1,2],\"next\":2}");
            assertThat(second.toString()).isEqualTo("{\"userIds\":[3,4],\"next\":4}");
            assertThat(last.toString()).isEqualTo("{\"userIds\":[5],\"next\":null}");
        }

        @Test
        void the_default_limit_is_100_and_old_cutoffs_find_nobody() {
            JsonNode all = listing.get("/v1/keys?rotatedBefore=" + tomorrow(), listing.admin()).json();
            JsonNode none = listing.get("/v1/keys?rotatedBefore=2000-01-01", listing.admin()).json();

            assertThat(all.toString()).isEqualTo("{\"userIds\":[1,2,3,4,5],\"next\":null}");
            assertThat(none.toString()).isEqualTo("{\"userIds\":[],\"next\":null}");
        }

        @Test
        void rotated_before_takes_an_instant_or_an_offset_date_time() {
            String soon = Instant.now().plusSeconds(3600).toString();

            assertThat(listing.get("/v1/keys?rotatedBefore=" + soon, listing.admin()).json().get("userIds").size()).isEqualTo(5);
            assertThat(listing.get("/v1/keys?rotatedBefore=2000-01-01T00:00:00%2B02:00", listing.admin()).status()).isEqualTo(200);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "?limit=10", "?rotatedBefore=", "?rotatedBefore=2026-13-01", "?rotatedBefore=yesterday",
                "?rotatedBefore=2026-01-31T12:00:00", "?rotatedBefore=2026-01-31&limit=0", "?rotatedBefore=2026-01-31&limit=1001",
                "?rotatedBefore=2026-01-31&limit=abc", "?rotatedBefore=2026-01-31&limit=01", "?rotatedBefore=2026-01-31&limit=-5",
                "?rotatedBefore=2026-01-31&after=0", "?rotatedBefore=2026-01-31&after=x", "?rotatedBefore=2026-01-31&sort=desc",
                "?rotatedBefore=2026-01-31&limit=5&limit=6"})
        void malformed_queries_are_400(String query) {
            ApiHarness.Response response = listing.get("/v1/keys" + query, listing.admin());

            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "invalid-input");
        }

        @Test
        void the_limit_may_be_1000() {
            assertThat(listing.get("/v1/keys?rotatedBefore=2026-01-31&limit=1000", listing.admin()).status()).isEqualTo(200);
        }
    }
}

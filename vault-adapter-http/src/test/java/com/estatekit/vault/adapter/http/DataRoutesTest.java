package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.estatekit.vault.domain.fake.KeyFixtures;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class DataRoutesTest {

    private static final String INVALID = ProblemType.BASE + "invalid-input";
    private static final String CANNOT_OPEN = ProblemType.BASE + "cannot-open";

    private static ApiHarness harness;

    @BeforeAll
    static void start() {
        harness = new ApiHarness();
        harness.createKey(42);
        harness.createKey(43);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    private static ApiHarness.Response encrypt(long userId, String body) {
        return harness.post("/v1/users/" + userId + "/encrypt", harness.bearer("vault/encrypt"), body);
    }

    private static ApiHarness.Response decrypt(long userId, String body) {
        return harness.post("/v1/users/" + userId + "/decrypt", harness.bearer("vault/decrypt"), body);
    }

    private static ApiHarness.Response rotate(long userId, String body) {
        return harness.post("/v1/users/" + userId + "/keys/rotate", harness.bearer("vault/keys.rotate"), body);
    }

    private static String tamper(String ciphertext) {
        char last = ciphertext.charAt(ciphertext.length() - 10);
        return ciphertext.substring(0, ciphertext.length() - 10) + (last == 'A' ? 'B' : 'A') + ciphertext.substring(ciphertext.length() - 9);
    }

    @Test
    void encrypt_then_decrypt_round_trips_in_order_including_empty_and_non_ascii_strings() {
        List<String> plaintexts = List.of("123-45-6789", "", "Zoë Ångström ✓ 🗝", "line\nbreak \"quoted\"");

        ApiHarness.Response sealed = encrypt(42, ApiHarness.json(Map.of("plaintexts", plaintexts)));
        List<String> ciphertexts = new ArrayList<>();
        sealed.json().get("ciphertexts").forEach(node -> ciphertexts.add(node.stringValue()));
        ApiHarness.Response opened = decrypt(42, ApiHarness.json(Map.of("ciphertexts", ciphertexts)));

        assertThat(sealed.status()).isEqualTo(200);
        assertThat(sealed.json().get("keyVersion").intValue()).isEqualTo(1);
        assertThat(sealed.json().propertyNames()).containsExactly("keyVersion", "ciphertexts");
        assertThat(ciphertexts).hasSize(4).allMatch(c -> c.startsWith("ek1:1:"));
        assertThat(opened.status()).isEqualTo(200);
        assertThat(opened.json().propertyNames()).containsExactly("plaintexts");
        List<String> decrypted = new ArrayList<>();
        opened.json().get("plaintexts").forEach(node -> decrypted.add(node.stringValue()));
        assertThat(decrypted).isEqualTo(plaintexts);
    }

    @Test
    void an_empty_batch_is_fine() {
        assertThat(encrypt(42, "{\"plaintexts\":[]}").json().get("ciphertexts").size()).isZero();
        assertThat(decrypt(42, "{\"ciphertexts\":[]}").json().get("plaintexts").size()).isZero();
    }

    @Test
    void json_with_a_charset_parameter_is_accepted() {
        ApiHarness.Response response = harness.send("POST", "/v1/users/42/encrypt", harness.admin(),
                "application/json; charset=UTF-8", "{\"plaintexts\":[\"x\"]}");

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void encrypting_for_a_user_without_a_key_is_404() {
        ApiHarness.Response response = encrypt(5555, "{\"plaintexts\":[\"x\"]}");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "key-not-found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}|plaintexts|",
            "{\"plaintexts\":null}|plaintexts|",
            "{\"plaintexts\":\"x\"}|plaintexts|",
            "{\"plaintexts\":{\"a\":\"x\"}}|plaintexts|",
            "{\"plaintexts\":[\"a\",null]}|plaintexts|1",
            "{\"plaintexts\":[\"a\",\"b\",42]}|plaintexts|2",
            "{\"plaintexts\":[true]}|plaintexts|0",
            "{\"plaintexts\":[[\"nested\"]]}|plaintexts|0",
            "{\"plaintexts\":[{\"a\":1}]}|plaintexts|0",
            "{\"plaintexts\":[\"ok\",\"\\uD800\"]}|plaintexts|1",
            "{\"plaintexts\":[],\"extra\":1}|body|",
            "{\"plaintexts\":[],\"plaintexts\":[]}|plaintexts|",
            "[\"a\"]|body|",
            "\"a\"|body|",
            "null|body|"})
    void malformed_encrypt_bodies_are_400_naming_field_and_index(String body, String field, Integer index) {
        ApiHarness.Response response = encrypt(42, body);

        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo(INVALID);
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").stringValue()).isEqualTo(field);
        if (index == null) {
            assertThat(error.has("index")).isFalse();
        } else {
            assertThat(error.get("index").intValue()).isEqualTo(index);
        }
    }

    @Test
    void an_unknown_field_is_refused_without_echoing_its_name() {
        ApiHarness.Response response = encrypt(42, "{\"plaintexts\":[],\"secret-555-12-3456\":\"x\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).doesNotContain("555-12-3456").contains("allowed fields: plaintexts");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"plaintexts\":[\"a\"", "{\"plaintexts\":[\"a\"]} {}", "{plaintexts:[]}",
            "{\"plaintexts\":['a']}", "{\"plaintexts\":[\"a\",]}"})
    void bodies_that_are_not_json_are_400(String body) {
        ApiHarness.Response response = encrypt(42, body);

        assertThat(response.status()).as(body).isEqualTo(400);
        assertThat(response.problemType()).isIn(ProblemType.BASE + "malformed-json", INVALID);
    }

    @Test
    void a_parse_error_never_quotes_the_input() {
        ApiHarness.Response response = encrypt(42, "{\"plaintexts\":[\"a\"], canary-999-88-7777}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "malformed-json");
        assertThat(response.body()).doesNotContain("canary").doesNotContain("999-88-7777");
    }

    @ParameterizedTest
    @ValueSource(strings = {"NONE", "text/plain", "application/x-www-form-urlencoded", "application/jsonx",
            "application/json; charset=iso-8859-1", "application/json; boundary=x", "application/problem+json", "text/json"})
    void bodies_not_declared_as_json_are_415(String contentType) {
        ApiHarness.Response response = harness.send("POST", "/v1/users/42/encrypt", harness.admin(),
                contentType.equals("NONE") ? null : contentType, "{\"plaintexts\":[\"x\"]}");

        assertThat(response.status()).isEqualTo(415);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "unsupported-media-type");
    }

    @Test
    void every_body_route_demands_json() {
        for (String path : List.of("/v1/users/42/encrypt", "/v1/users/42/decrypt", "/v1/users/42/keys/rotate")) {
            assertThat(harness.send("POST", path, harness.admin(), "text/plain", "{}").status()).as(path).isEqualTo(415);
        }
    }

    @Test
    void decrypting_a_tampered_ciphertext_is_422_naming_its_index() {
        List<String> ciphertexts = new ArrayList<>(harness.encrypt(42, "a", "b", "c"));
        ciphertexts.set(1, tamper(ciphertexts.get(1)));

        ApiHarness.Response response = decrypt(42, ApiHarness.json(Map.of("ciphertexts", ciphertexts)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.problemType()).isEqualTo(CANNOT_OPEN);
        assertThat(response.json().get("index").intValue()).isEqualTo(1);
    }

    @Test
    void decrypting_another_users_ciphertext_is_422() {
        List<String> theirs = harness.encrypt(43, "not yours");

        ApiHarness.Response response = decrypt(42, ApiHarness.json(Map.of("ciphertexts", theirs)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.problemType()).isEqualTo(CANNOT_OPEN);
    }

    @Test
    void decrypting_under_an_unknown_version_or_garbage_is_422() {
        String ciphertext = harness.encrypt(42, "x").get(0);
        String unknownVersion = ciphertext.replaceFirst("^ek1:1:", "ek1:9:");

        assertThat(decrypt(42, ApiHarness.json(Map.of("ciphertexts", List.of(unknownVersion)))).status()).isEqualTo(422);
        assertThat(decrypt(42, "{\"ciphertexts\":[\"not-a-ciphertext\"]}").status()).isEqualTo(422);
        assertThat(decrypt(42, "{\"ciphertexts\":[\"ek1:1:\"]}").json().get("index").intValue()).isZero();
    }

    @Test
    void partial_decrypt_answers_200_with_nulls_and_errors_for_what_cannot_be_opened() {
        List<String> ciphertexts = new ArrayList<>(harness.encrypt(42, "a", "b", "c"));
        ciphertexts.set(0, tamper(ciphertexts.get(0)));
        ciphertexts.set(2, "garbage");

        ApiHarness.Response response = decrypt(42, ApiHarness.json(Map.of("ciphertexts", ciphertexts, "partial", true)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("plaintexts").toString()).isEqualTo("[null,\"b\",null]");
        assertThat(body.get("errors").toString()).isEqualTo("[{\"index\":0,\"type\":\"" + CANNOT_OPEN + "\"},{\"index\":2,\"type\":\""
                + CANNOT_OPEN + "\"}]");
    }

    @Test
    void partial_false_is_all_or_nothing_and_partial_must_be_a_boolean() {
        ApiHarness.Response allOrNothing = decrypt(42, "{\"ciphertexts\":[\"garbage\"],\"partial\":false}");
        ApiHarness.Response notBoolean = decrypt(42, "{\"ciphertexts\":[],\"partial\":\"true\"}");

        assertThat(allOrNothing.status()).isEqualTo(422);
        assertThat(notBoolean.status()).isEqualTo(400);
        assertThat(notBoolean.json().get("errors").get(0).get("field").stringValue()).isEqualTo("partial");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}|ciphertexts|",
            "{\"partial\":true}|ciphertexts|",
            "{\"ciphertexts\":\"ek1:1:x\"}|ciphertexts|",
            "{\"ciphertexts\":[null]}|ciphertexts|0",
            "{\"ciphertexts\":[\"x\",7]}|ciphertexts|1",
            "{\"ciphertexts\":[],\"plaintexts\":[]}|body|"})
    void malformed_decrypt_bodies_are_400(String body, String field, Integer index) {
        ApiHarness.Response response = decrypt(42, body);

        assertThat(response.status()).isEqualTo(400);
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").stringValue()).isEqualTo(field);
        assertThat(error.has("index")).isEqualTo(index != null);
    }

    @Test
    void decrypting_while_kms_is_down_is_503_with_retry_after_but_encrypt_keeps_working() {
        String ciphertext = harness.encrypt(43, "x").get(0);
        harness.keyVault.failAsUnavailable();
        try {
            ApiHarness.Response decrypted = decrypt(43, ApiHarness.json(Map.of("ciphertexts", List.of(ciphertext))));
            ApiHarness.Response encrypted = encrypt(43, "{\"plaintexts\":[\"y\"]}");

            assertThat(decrypted.status()).isEqualTo(503);
            assertThat(decrypted.problemType()).isEqualTo(ProblemType.BASE + "dependency-unavailable");
            assertThat(decrypted.header("Retry-After")).isEqualTo("3");
            assertThat(encrypted.status()).isEqualTo(200);
        } finally {
            harness.keyVault.recover();
        }
    }

    @Test
    void encrypting_while_the_database_is_down_is_503() {
        harness.repository.failAsUnavailable();
        try {
            ApiHarness.Response response = encrypt(42, "{\"plaintexts\":[\"y\"]}");

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("2");
        } finally {
            harness.repository.recover();
        }
    }

    @Test
    void stored_key_material_that_cannot_be_unwrapped_is_a_distinct_503_never_500() {
        harness.repository.insertFirstKey(KeyFixtures.firstKey(4242));
        String ciphertext = harness.encrypt(4242, "x").get(0);

        ApiHarness.Response response = decrypt(4242, ApiHarness.json(Map.of("ciphertexts", List.of(ciphertext))));

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "key-material-unusable");
        assertThat(response.header("Retry-After")).isEqualTo("60");
    }

    @Test
    void rotation_reseals_every_value_under_the_next_version_keeping_names_and_order() {
        harness.createKey(60);
        List<String> v1 = harness.encrypt(60, "ssn", "iban", "addr");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("zeta", v1.get(0));
        values.put("alpha", v1.get(1));
        values.put("mid", v1.get(2));

        ApiHarness.Response response = rotate(60, ApiHarness.json(Map.of("values", values)));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.propertyNames()).containsExactly("keyVersion", "previousKeyVersion", "values");
        assertThat(body.get("keyVersion").intValue()).isEqualTo(2);
        assertThat(body.get("previousKeyVersion").intValue()).isEqualTo(1);
        assertThat(body.get("values").propertyNames()).containsExactly("zeta", "alpha", "mid");
        List<String> v2 = new ArrayList<>();
        body.get("values").forEach(node -> v2.add(node.stringValue()));
        assertThat(v2).allMatch(c -> c.startsWith("ek1:2:"));
        JsonNode opened = decrypt(60, ApiHarness.json(Map.of("ciphertexts", v2))).json();
        assertThat(opened.get("plaintexts").toString()).isEqualTo("[\"ssn\",\"iban\",\"addr\"]");
        JsonNode old = decrypt(60, ApiHarness.json(Map.of("ciphertexts", v1))).json();
        assertThat(old.get("plaintexts").toString()).as("old versions stay decryptable").isEqualTo("[\"ssn\",\"iban\",\"addr\"]");
        assertThat(encrypt(60, "{\"plaintexts\":[\"new\"]}").json().get("keyVersion").intValue()).isEqualTo(2);
    }

    @Test
    void rotation_with_one_bad_value_is_422_naming_its_index_and_changes_nothing() {
        harness.createKey(61);
        List<String> v1 = harness.encrypt(61, "a", "b");
        Map<String, String> values = new LinkedHashMap<>();
        values.put("first", v1.get(0));
        values.put("second", tamper(v1.get(1)));

        ApiHarness.Response response = rotate(61, ApiHarness.json(Map.of("values", values)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("index").intValue()).isEqualTo(1);
        assertThat(harness.get("/v1/users/61/keys", harness.admin()).json().get("keyVersion").intValue()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "{}|values|",
            "{\"values\":null}|values|",
            "{\"values\":[\"ek1:1:x\"]}|values|",
            "{\"values\":{\"a\":null}}|values|0",
            "{\"values\":{\"a\":\"x\",\"b\":1}}|values|1",
            "{\"values\":{\"a\":\"x\",\"a\":\"y\"}}|values|1",
            "{\"values\":{\"\":\"x\"}}|values|0",
            "{\"values\":{},\"keyVersion\":2}|body|"})
    void malformed_rotate_bodies_are_400(String body, String field, Integer index) {
        ApiHarness.Response response = rotate(42, body);

        assertThat(response.status()).as(body).isEqualTo(400);
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("field").stringValue()).isEqualTo(field);
        assertThat(error.has("index")).isEqualTo(index != null);
        if (index != null) {
            assertThat(error.get("index").intValue()).isEqualTo(index);
        }
    }

    @Test
    void rotating_while_kms_is_down_is_503_and_the_key_stays() {
        harness.createKey(62);
        harness.keyVault.failAsUnavailable();
        try {
            ApiHarness.Response response = rotate(62, "{\"values\":{}}");

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("Retry-After")).isEqualTo("3");
        } finally {
            harness.keyVault.recover();
        }
        assertThat(harness.get("/v1/users/62/keys", harness.admin()).json().get("keyVersion").intValue()).isEqualTo(1);
    }

    @Test
    void rotating_for_a_user_without_a_key_is_404() {
        assertThat(rotate(77777, "{\"values\":{}}").status()).isEqualTo(404);
        assertThat(decrypt(77777, "{\"ciphertexts\":[]}").status()).isEqualTo(404);
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Limits413 {

        private ApiHarness small;

        @BeforeAll
        void startSmall() {
            small = new ApiHarness(config -> config.withLimits(new Limits(3, 10, 2048)));
            small.createKey(1);
        }

        @AfterAll
        void stopSmall() {
            small.close();
        }

        private ApiHarness.Response post(String path, String body) {
            return small.post(path, small.admin(), body);
        }

        @Test
        void a_batch_with_more_items_than_allowed_is_413_on_every_batch_route() {
            ApiHarness.Response encrypt = post("/v1/users/1/encrypt", "{\"plaintexts\":[\"a\",\"b\",\"c\",\"d\"]}");
            ApiHarness.Response decrypt = post("/v1/users/1/decrypt", "{\"ciphertexts\":[\"a\",\"b\",\"c\",\"d\"]}");
            ApiHarness.Response rotate = post("/v1/users/1/keys/rotate", "{\"values\":{\"a\":\"x\",\"b\":\"x\",\"c\":\"x\",\"d\":\"x\"}}");

            for (ApiHarness.Response response : List.of(encrypt, decrypt, rotate)) {
                assertThat(response.status()).isEqualTo(413);
                assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "payload-too-large");
                assertThat(response.json().get("limit").intValue()).isEqualTo(3);
            }
            assertThat(post("/v1/users/1/encrypt", "{\"plaintexts\":[\"a\",\"b\",\"c\"]}").status()).isEqualTo(200);
        }

        @Test
        void a_plaintext_over_the_item_limit_in_utf8_bytes_is_413_naming_its_index() {
            ApiHarness.Response fits = post("/v1/users/1/encrypt", ApiHarness.json(Map.of("plaintexts", List.of("ééééé"))));
            ApiHarness.Response over = post("/v1/users/1/encrypt", ApiHarness.json(Map.of("plaintexts", List.of("ok", "éééééé"))));
            ApiHarness.Response emoji = post("/v1/users/1/encrypt", ApiHarness.json(Map.of("plaintexts", List.of("🗝🗝🗝"))));

            assertThat(fits.status()).isEqualTo(200);
            assertThat(over.status()).isEqualTo(413);
            assertThat(over.json().get("index").intValue()).isEqualTo(1);
            assertThat(over.json().get("field").stringValue()).isEqualTo("plaintexts");
            assertThat(emoji.status()).isEqualTo(413);
        }

        @Test
        void a_ciphertext_longer_than_any_ciphertext_of_an_allowed_plaintext_is_413() {
            int max = new Limits(3, 10, 2048).maxCiphertextChars();
            String tooLong = "ek1:1:" + "A".repeat(max);

            ApiHarness.Response response = post("/v1/users/1/decrypt", ApiHarness.json(Map.of("ciphertexts", List.of(tooLong))));

            assertThat(response.status()).isEqualTo(413);
            assertThat(response.json().get("index").intValue()).isZero();
        }

        @Test
        void a_body_over_the_limit_is_413_whether_its_length_is_declared_or_chunked() throws Exception {
            String big = "{\"plaintexts\":[\"" + "a".repeat(3000) + "\"]}";
            ApiHarness.Response declared = post("/v1/users/1/encrypt", big);
            HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://localhost:" + small.api.port() + "/v1/users/1/encrypt"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", small.admin())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                    .build();
            ApiHarness.Response streamed = small.exchange(chunked);

            assertThat(declared.status()).isEqualTo(413);
            assertThat(declared.problemType()).isEqualTo(ProblemType.BASE + "payload-too-large");
            assertThat(streamed.status()).isEqualTo(413);
            assertThat(streamed.problemType()).isEqualTo(ProblemType.BASE + "payload-too-large");
        }

        @Test
        void the_default_limits_are_1000_items_64_kib_per_item_and_4_mib_per_body() {
            Limits defaults = Limits.defaults();

            assertThat(defaults.maxItemsPerBatch()).isEqualTo(1000);
            assertThat(defaults.maxItemBytes()).isEqualTo(65536);
            assertThat(defaults.maxBodyBytes()).isEqualTo(4L * 1024 * 1024);
            assertThat(Collections.nCopies(1, defaults.maxCiphertextChars())).allMatch(chars -> chars > 65536 * 4 / 3);
        }
    }
}

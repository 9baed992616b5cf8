package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuthorizationTest {

    private static final String INSUFFICIENT_SCOPE = ProblemType.BASE + "insufficient-scope";

    private static ApiHarness harness;

    @BeforeAll
    static void start() {
        harness = new ApiHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    /** Every route with a valid request and the scope it needs. */
    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("POST", "/v1/users/42/keys", null, "vault/keys.create"),
                Arguments.of("GET", "/v1/users/42/keys", null, "vault/keys.read"),
                Arguments.of("DELETE", "/v1/users/42/keys", null, "vault/keys.delete"),
                Arguments.of("POST", "/v1/users/42/encrypt", "{\"plaintexts\":[\"a\"]}", "vault/encrypt"),
                Arguments.of("POST", "/v1/users/42/decrypt", "{\"ciphertexts\":[]}", "vault/decrypt"),
                Arguments.of("POST", "/v1/users/42/keys/rotate", "{\"values\":{}}", "vault/keys.rotate"),
                Arguments.of("DELETE", "/v1/users/42/keys/versions/1", null, "vault/keys.delete"),
                Arguments.of("GET", "/v1/keys?rotatedBefore=2026-01-31", null, "vault/keys.read"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void a_token_with_every_scope_but_the_routes_own_is_403_naming_it(String method, String path, String body, String scope) {
        List<String> others = new ArrayList<>(CognitoTestIssuer.ALL_SCOPES);
        others.remove(scope);

        ApiHarness.Response response = send(method, path, body, "Bearer " + harness.issuer.accessToken("svc", others));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.problemType()).isEqualTo(INSUFFICIENT_SCOPE);
        assertThat(response.json().get("requiredScope").stringValue()).isEqualTo(scope);
        assertThat(response.json().get("detail").stringValue()).contains(scope);
        assertThat(response.header("WWW-Authenticate")).contains("insufficient_scope").contains(scope);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void scopes_that_merely_contain_the_right_one_do_not_grant_it(String method, String path, String body, String scope) {
        String lookalikes = String.join(" ", scope + ".admin", "x" + scope, scope + "/", scope.toUpperCase(Locale.ROOT),
                "vault/*", scope.substring(0, scope.length() - 1), scope.replace("vault/", "vault:"));

        ApiHarness.Response response = send(method, path, body,
                "Bearer " + harness.issuer.token().claim("scope", lookalikes).build());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.problemType()).isEqualTo(INSUFFICIENT_SCOPE);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("routes")
    void the_routes_own_scope_alone_is_enough(String method, String path, String body, String scope) {
        ApiHarness.Response response = send(method, path, body, "Bearer " + harness.issuer.accessToken("svc", scope));

        assertThat(response.status()).isNotIn(401, 403);
    }

    @Test
    void a_token_without_a_scope_claim_has_no_scope() {
        ApiHarness.Response response = harness.get("/v1/users/42/keys", "Bearer " + harness.issuer.token().without("scope").build());

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void a_scope_claim_that_is_not_a_string_grants_nothing() {
        ApiHarness.Response response = harness.get("/v1/users/42/keys",
                "Bearer " + harness.issuer.token().claim("scope", List.of("vault/keys.read")).build());

        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void the_scope_prefix_is_configurable() {
        AuthConfig custom = harness.issuer.authConfig().withScopePrefix("https://vault.estatekit.com/");
        try (ApiHarness prefixed = new ApiHarness(harness.issuer, custom, ApiConfig.onPort(0))) {
            prefixed.createKeyWith("Bearer " + harness.issuer.accessToken("svc", "https://vault.estatekit.com/keys.create"), 5);

            ApiHarness.Response withPrefix = prefixed.get("/v1/users/5/keys",
                    "Bearer " + harness.issuer.accessToken("svc", "https://vault.estatekit.com/keys.read"));
            ApiHarness.Response withDefault = prefixed.get("/v1/users/5/keys",
                    "Bearer " + harness.issuer.accessToken("svc", "vault/keys.read"));

            assertThat(withPrefix.status()).isEqualTo(200);
            assertThat(withDefault.status()).isEqualTo(403);
            assertThat(withDefault.json().get("requiredScope").stringValue()).isEqualTo("https://vault.estatekit.com/keys.read");
        }
    }

    @Test
    void the_scope_is_checked_before_the_input() {
        ApiHarness.Response response = harness.post("/v1/users/not-a-number/encrypt", harness.bearer("vault/decrypt"), "garbage");

        assertThat(response.status()).isEqualTo(403);
    }

    private static ApiHarness.Response send(String method, String path, String body, String authorization) {
        return harness.send(method, path, authorization, body == null ? null : "application/json", body);
    }
}

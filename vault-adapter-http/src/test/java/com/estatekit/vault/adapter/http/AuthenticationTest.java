package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthenticationTest {

    private static final String UNAUTHENTICATED = ProblemType.BASE + "unauthenticated";

    private static ApiHarness harness;
    private static CognitoTestIssuer issuer;

    @BeforeAll
    static void start() {
        harness = new ApiHarness();
        issuer = harness.issuer;
        harness.createKey(42);
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    static Stream<Arguments> invalidAuthorizations() {
        CognitoTestIssuer tokens = ApiHarness.issuer();
        Instant now = Instant.now();
        List<Arguments> cases = List.of(
                Arguments.of("wrong scheme", "Basic dGVzdDp0ZXN0"),
                Arguments.of("scheme without token", "Bearer"),
                Arguments.of("empty token", "Bearer "),
                Arguments.of("garbage", "Bearer not-a-jwt"),
                Arguments.of("three garbage segments", "Bearer a.b.c"),
                Arguments.of("alg none", "Bearer " + tokens.token().unsigned().build()),
                Arguments.of("HS256 signed with the public key as secret", "Bearer " + tokens.token().hs256WithPublicKeyAsSecret().build()),
                Arguments.of("unknown kid", "Bearer " + tokens.token().keyId("unknown-kid").signedWithForeignKey().build()),
                Arguments.of("no kid", "Bearer " + tokens.token().withoutKeyId().build()),
                Arguments.of("right kid, another key", "Bearer " + tokens.token().signedWithForeignKey().build()),
                Arguments.of("expired", "Bearer " + tokens.token().expiresAt(now.minusSeconds(300)).build()),
                Arguments.of("not yet valid", "Bearer " + tokens.token().notBefore(now.plusSeconds(600)).build()),
                Arguments.of("wrong issuer", "Bearer " + tokens.token().claim("iss", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other").build()),
                Arguments.of("issuer with trailing slash", "Bearer " + tokens.token().claim("iss", tokens.issuer() + "/").build()),
                Arguments.of("ID token", "Bearer " + tokens.token().claim("token_use", "id").build()),
                Arguments.of("no token_use", "Bearer " + tokens.token().without("token_use").build()),
                Arguments.of("missing exp", "Bearer " + tokens.token().without("exp").build()),
                Arguments.of("missing client_id", "Bearer " + tokens.token().without("client_id").build()),
                Arguments.of("empty sub", "Bearer " + tokens.token().claim("sub", "").build()),
                Arguments.of("signature cut off", "Bearer " + cut(tokens.token().build())),
                Arguments.of("payload swapped", "Bearer " + swapPayload(tokens.token().build(),
                        tokens.token().clientId("someone-else").build())));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAuthorizations")
    void a_request_without_a_valid_token_is_refused_with_401(String name, String authorization) {
        ApiHarness.Response response = harness.post("/v1/users/42/encrypt", authorization, "{\"plaintexts\":[\"x\"]}");

        assertThat(response.status()).as(name).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo(UNAUTHENTICATED);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"estatekit-vault\", error=\"invalid_token\"");
        assertThat(response.header("X-Request-Id")).isNotBlank();
    }

    @Test
    void no_authorization_header_is_a_401_with_a_plain_bearer_challenge() {
        ApiHarness.Response response = harness.post("/v1/users/42/encrypt", null, "{\"plaintexts\":[\"x\"]}");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo(UNAUTHENTICATED);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"estatekit-vault\"");
        assertThat(response.json().get("detail").stringValue()).isEqualTo("a bearer access token is required");
    }

    @Test
    void a_token_without_sub_is_accepted_as_its_client() {
        String token = "Bearer " + issuer.token().without("sub").scopes("vault/keys.read").build();

        ApiHarness.Response response = harness.get("/v1/users/9081726354/keys", token);

        assertThat(response.status()).as("past authentication and authorization: the user has no key").isEqualTo(404);
    }

    @Test
    void a_client_outside_the_allow_list_is_refused_and_a_listed_one_accepted() {
        AuthConfig restricted = issuer.authConfig().withAllowedClientIds(List.of("billing-service"));
        try (ApiHarness strict = new ApiHarness(issuer, restricted, ApiConfig.onPort(0))) {
            strict.repository.insertFirstKey(com.estatekit.vault.domain.fake.KeyFixtures.firstKey(7));

            ApiHarness.Response other = strict.get("/v1/users/7/keys", "Bearer " + issuer.accessTokenWithAllScopes("reporting-service"));
            ApiHarness.Response listed = strict.get("/v1/users/7/keys", "Bearer " + issuer.accessTokenWithAllScopes("billing-service"));

            assertThat(other.status()).isEqualTo(401);
            assertThat(other.problemType()).isEqualTo(UNAUTHENTICATED);
            assertThat(listed.status()).isEqualTo(200);
        }
    }

    @Test
    void tokens_from_the_issuers_own_token_machinery_are_accepted() {
        ApiHarness.Response response = harness.get("/v1/users/42/keys", "Bearer " + issuer.accessToken("svc", "vault/keys.read"));

        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void a_token_within_the_clock_skew_is_accepted() {
        String justExpired = issuer.token().expiresAt(Instant.now().minusSeconds(20)).build();
        String almostValid = issuer.token().notBefore(Instant.now().plusSeconds(20)).build();

        assertThat(harness.get("/v1/users/42/keys", "Bearer " + justExpired).status()).isEqualTo(200);
        assertThat(harness.get("/v1/users/42/keys", "Bearer " + almostValid).status()).isEqualTo(200);
    }

    @Test
    void the_scheme_name_is_case_insensitive() {
        String token = issuer.token().build();

        assertThat(harness.get("/v1/users/42/keys", "bearer " + token).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET /nothing/here", "POST /v1/users/42/unknown", "PUT /v1/users/42/keys", "PATCH /v1/keys",
            "DELETE /", "OPTIONS /v1/users/42/keys", "FOO /v1/users/42/keys", "GET /health/ready", "GET /metrics"})
    void unknown_routes_and_methods_are_401_before_any_routing(String request) {
        String[] parts = request.split(" ");
        ApiHarness.Response response = harness.send(parts[0], parts[1], null, null, null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.problemType()).isEqualTo(UNAUTHENTICATED);
    }

    @Test
    void an_unknown_route_is_404_once_authenticated() {
        ApiHarness.Response response = harness.get("/v1/nothing/here", harness.admin());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "not-found");
    }

    @Test
    void a_trailing_slash_is_another_path() {
        assertThat(harness.get("/v1/users/42/keys/", harness.admin()).status()).isEqualTo(404);
    }

    @Test
    void a_wrong_method_is_405_with_allow_once_authenticated() {
        ApiHarness.Response response = harness.send("PUT", "/v1/users/42/keys", harness.admin(), null, null);

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.problemType()).isEqualTo(ProblemType.BASE + "method-not-allowed");
        assertThat(response.header("Allow")).contains("GET").contains("POST").contains("DELETE");
    }

    @Test
    void head_is_401_without_a_token_and_405_with_one_so_it_never_skips_the_scope_check() {
        assertThat(harness.send("HEAD", "/v1/users/42/keys", null, null, null).status()).isEqualTo(401);
        assertThat(harness.send("HEAD", "/v1/users/42/keys", harness.bearer("vault/encrypt"), null, null).status()).isEqualTo(405);
    }

    @Test
    void the_key_set_is_cached_and_refetched_for_an_unknown_kid_at_a_limited_rate() throws Exception {
        CognitoTestIssuer own = CognitoTestIssuer.start();
        try (ApiHarness fresh = new ApiHarness(own, own.authConfig().withJwksTiming(Duration.ofMinutes(5), Duration.ofSeconds(30)),
                ApiConfig.onPort(0))) {
            fresh.createKey(1);
            for (int i = 0; i < 5; i++) {
                assertThat(fresh.get("/v1/users/1/keys", "Bearer " + own.token().build()).status()).isEqualTo(200);
            }
            int afterValidCalls = own.jwksFetches();
            for (int i = 0; i < 10; i++) {
                String forged = own.token().keyId("rotated-" + i).signedWithForeignKey().build();
                assertThat(fresh.get("/v1/users/1/keys", "Bearer " + forged).status()).isEqualTo(401);
            }

            assertThat(afterValidCalls).isEqualTo(1);
            assertThat(own.jwksFetches() - afterValidCalls).as("refetches for unknown kids").isBetween(1, 2);
        } finally {
            own.close();
        }
    }

    @Test
    void an_unknown_kid_while_the_issuer_is_down_is_503_with_retry_after_and_known_keys_keep_working() {
        CognitoTestIssuer own = CognitoTestIssuer.start();
        try (ApiHarness fresh = new ApiHarness(own, own.authConfig(), ApiConfig.onPort(0))) {
            fresh.createKey(1);
            own.failJwks(true);

            ApiHarness.Response unknownKid = fresh.get("/v1/users/1/keys",
                    "Bearer " + own.token().keyId("new-key").signedWithForeignKey().build());
            ApiHarness.Response knownKid = fresh.get("/v1/users/1/keys", "Bearer " + own.token().build());

            assertThat(unknownKid.status()).isEqualTo(503);
            assertThat(unknownKid.problemType()).isEqualTo(ProblemType.BASE + "issuer-unavailable");
            assertThat(unknownKid.header("Retry-After")).isEqualTo("1");
            assertThat(knownKid.status()).isEqualTo(200);

            own.failJwks(false);
            sleep(300);
            ApiHarness.Response afterRecovery = fresh.get("/v1/users/1/keys",
                    "Bearer " + own.token().keyId("new-key").signedWithForeignKey().build());
            assertThat(afterRecovery.status()).isEqualTo(401);
        } finally {
            own.close();
        }
    }

    @Test
    void an_issuer_unreachable_from_the_start_is_503_not_401() {
        CognitoTestIssuer own = CognitoTestIssuer.start();
        own.failJwks(true);
        try (ApiHarness fresh = new ApiHarness(own, own.authConfig(), ApiConfig.onPort(0))) {
            for (int i = 0; i < 3; i++) {
                ApiHarness.Response response = fresh.get("/v1/users/1/keys", "Bearer " + own.token().build());
                assertThat(response.status()).isEqualTo(503);
                assertThat(response.header("Retry-After")).isNotBlank();
            }
        } finally {
            own.close();
        }
    }

    @Test
    void failed_authentications_are_counted_by_reason() {
        harness.get("/v1/users/42/keys", null);
        harness.get("/v1/users/42/keys", "Bearer " + issuer.token().expiresAt(Instant.now().minusSeconds(600)).build());

        assertThat(harness.registry.find(HttpMetrics.AUTH_FAILURES).tag("reason", "missing").counter()).isNotNull();
        assertThat(harness.registry.find(HttpMetrics.AUTH_FAILURES).tag("reason", "rejected").counter()).isNotNull();
    }

    private static String cut(String token) {
        return token.substring(0, token.lastIndexOf('.') + 1);
    }

    private static String swapPayload(String token, String other) {
        String[] a = token.split("\\.");
        String[] b = other.split("\\.");
        return a[0] + "." + b[1] + "." + a[2];
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unused")
    private static <T> Function<T, T> id() {
        return Function.identity();
    }
}

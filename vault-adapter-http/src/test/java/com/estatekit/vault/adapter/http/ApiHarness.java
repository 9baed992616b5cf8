package com.estatekit.vault.adapter.http;

import com.estatekit.vault.domain.fake.FakeCipher;
import com.estatekit.vault.domain.fake.FakeKeyVault;
import com.estatekit.vault.domain.fake.InMemoryKeyRepository;
import com.estatekit.vault.domain.service.CreateUserKeyService;
import com.estatekit.vault.domain.service.DecryptStringsService;
import com.estatekit.vault.domain.service.DeleteUserKeysService;
import com.estatekit.vault.domain.service.DescribeUserKeyService;
import com.estatekit.vault.domain.service.EncryptStringsService;
import com.estatekit.vault.domain.service.ListKeysDueForRotationService;
import com.estatekit.vault.domain.service.RetireKeyVersionService;
import com.estatekit.vault.domain.service.RotateUserKeyService;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API on a random port over the real domain services and the domain's fakes, verifying tokens
 * from one shared {@link CognitoTestIssuer}, plus a small HTTP client.
 */
final class ApiHarness implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private static CognitoTestIssuer sharedIssuer;

    final InMemoryKeyRepository repository = new InMemoryKeyRepository();
    final FakeKeyVault keyVault = new FakeKeyVault();
    final FakeCipher cipher = new FakeCipher();
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final CognitoTestIssuer issuer;
    final VaultHttpApi api;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One issuer for the whole test JVM: starting a server per test class costs time for nothing. */
    static synchronized CognitoTestIssuer issuer() {
        if (sharedIssuer == null) {
            sharedIssuer = CognitoTestIssuer.start();
            Runtime.getRuntime().addShutdownHook(new Thread(sharedIssuer::close));
        }
        return sharedIssuer;
    }

    ApiHarness() {
        this(issuer(), issuer().authConfig(), ApiConfig.onPort(0));
    }

    ApiHarness(UnaryOperator<ApiConfig> config) {
        this(issuer(), issuer().authConfig(), config.apply(ApiConfig.onPort(0)));
    }

    ApiHarness(CognitoTestIssuer issuer, AuthConfig auth, ApiConfig config) {
        this(issuer, auth, config, null);
    }

    ApiHarness(CognitoTestIssuer issuer, AuthConfig auth, ApiConfig config, VaultUseCases override) {
        this.issuer = issuer;
        Clock clock = Clock.systemUTC();
        VaultUseCases useCases = override != null ? override : new VaultUseCases(
                new CreateUserKeyService(repository, keyVault, clock),
                new DescribeUserKeyService(repository),
                new EncryptStringsService(repository, cipher),
                new DecryptStringsService(repository, keyVault, cipher),
                new RotateUserKeyService(repository, keyVault, cipher, clock),
                new DeleteUserKeysService(repository, keyVault, cipher),
                new RetireKeyVersionService(repository, keyVault, cipher),
                new ListKeysDueForRotationService(repository));
        this.api = new VaultHttpApi(useCases, auth, config, registry, clock).start();
    }

    /** A bearer header value with every scope. */
    String admin() {
        return "Bearer " + issuer.accessTokenWithAllScopes("test-admin");
    }

    /** A bearer header value with only {@code scopes}. */
    String bearer(String... scopes) {
        return "Bearer " + issuer.accessToken("test-client", scopes);
    }

    Response get(String path, String authorization) {
        return send("GET", path, authorization, null, null);
    }

    Response delete(String path, String authorization) {
        return send("DELETE", path, authorization, null, null);
    }

    Response post(String path, String authorization, String json) {
        return send("POST", path, authorization, json == null ? null : "application/json", json);
    }

    Response send(String method, String path, String authorization, String contentType, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + api.port() + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return exchange(request.build());
    }

    Response exchange(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a key for {@code userId} through the API. */
    void createKey(long userId) {
        Response created = post("/v1/users/" + userId + "/keys", admin(), null);
        if (created.status() != 201 && created.status() != 200) {
            throw new IllegalStateException("could not create key: " + created);
        }
    }

    /** Creates a key for {@code userId} with a given bearer header. */
    void createKeyWith(String authorization, long userId) {
        Response created = post("/v1/users/" + userId + "/keys", authorization, null);
        if (created.status() != 201 && created.status() != 200) {
            throw new IllegalStateException("could not create key: " + created);
        }
    }

    /** Encrypts through the API; returns the ciphertexts. */
    List<String> encrypt(long userId, String... plaintexts) {
        Response response = post("/v1/users/" + userId + "/encrypt", admin(), json(java.util.Map.of("plaintexts", List.of(plaintexts))));
        if (response.status() != 200) {
            throw new IllegalStateException("could not encrypt: " + response);
        }
        List<String> out = new ArrayList<>();
        response.json().get("ciphertexts").forEach(node -> out.add(node.stringValue()));
        return out;
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    @Override
    public void close() {
        api.stop();
    }

    /** A response, with its body as text and, on demand, as JSON. */
    record Response(int status, java.net.http.HttpHeaders headers, String body) {

        JsonNode json() {
            return JSON.readTree(body);
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }

        /** The problem's {@code type}, checking the media type on the way. */
        String problemType() {
            if (contentType() == null || !contentType().startsWith("application/problem+json")) {
                throw new AssertionError("not a problem response: " + this);
            }
            return json().get("type").stringValue();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }
}

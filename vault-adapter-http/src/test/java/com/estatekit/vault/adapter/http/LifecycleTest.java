package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.port.in.EncryptStrings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LifecycleTest {

    @Test
    void stop_lets_an_in_flight_request_finish_and_then_refuses_connections() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ApiHarness base = new ApiHarness();
        EncryptStrings slow = (userId, plaintexts) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new EncryptStrings.Result(KeyVersion.FIRST, List.of());
        };
        base.close();
        VaultUseCases useCases = new VaultUseCases(
                new com.estatekit.vault.domain.service.CreateUserKeyService(base.repository, base.keyVault, java.time.Clock.systemUTC()),
                new com.estatekit.vault.domain.service.DescribeUserKeyService(base.repository), slow,
                new com.estatekit.vault.domain.service.DecryptStringsService(base.repository, base.keyVault, base.cipher),
                new com.estatekit.vault.domain.service.RotateUserKeyService(base.repository, base.keyVault, base.cipher,
                        java.time.Clock.systemUTC()),
                new com.estatekit.vault.domain.service.DeleteUserKeysService(base.repository, base.keyVault, base.cipher),
                new com.estatekit.vault.domain.service.RetireKeyVersionService(base.repository, base.keyVault, base.cipher),
                new com.estatekit.vault.domain.service.ListKeysDueForRotationService(base.repository));
        ApiHarness harness = new ApiHarness(base.issuer, base.issuer.authConfig(),
                ApiConfig.onPort(0).withShutdownGrace(Duration.ofSeconds(10)), useCases);
        int port = harness.api.port();
        HttpClient client = HttpClient.newHttpClient();
        CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/users/1/encrypt"))
                        .header("Authorization", harness.admin())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"plaintexts\":[]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(harness.api::stop);
        Thread.sleep(300);
        assertThat(stopping).isNotDone();
        release.countDown();
        stopping.get(15, TimeUnit.SECONDS);

        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> new Socket("localhost", port).close()).isInstanceOf(ConnectException.class);
    }

    @Test
    void protocol_errors_below_the_framework_are_problem_json_too() throws IOException {
        try (ApiHarness harness = new ApiHarness(); Socket socket = new Socket("localhost", harness.api.port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write("GET /v1/keys HTTP/1.1\r\nHost: localhost\r\nBad Header Line\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);

            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).contains("application/problem+json").contains("https://estatekit.com/problems/malformed-request");
            assertThat(response).doesNotContain("Bad Header Line");
        }
    }

    @Test
    void the_port_is_the_bound_one_and_responses_carry_security_headers() {
        try (ApiHarness harness = new ApiHarness()) {
            ApiHarness.Response response = harness.get("/v1/keys?rotatedBefore=2026-01-01", harness.admin());

            assertThat(harness.api.port()).isPositive();
            assertThat(response.header("Cache-Control")).isEqualTo("no-store");
            assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(response.header("Server")).isNull();
        }
    }
}

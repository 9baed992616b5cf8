package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ManagementServerTest {

    private final AtomicBoolean database = new AtomicBoolean(true);
    private final AtomicBoolean kms = new AtomicBoolean(true);
    private ApiHarness harness;
    private ManagementServer management;

    @BeforeEach
    void start() {
        harness = new ApiHarness();
        management = new ManagementServer(null, 0, harness.registry, List.of(
                HealthCheck.required("database", database::get),
                HealthCheck.informational("kms", kms::get)), Duration.ofMillis(500)).start();
    }

    @AfterEach
    void stop() {
        management.stop();
        harness.close();
    }

    private ApiHarness.Response get(String path) {
        return harness.exchange(HttpRequest.newBuilder(URI.create("http://localhost:" + management.port() + path))
                .timeout(Duration.ofSeconds(10)).GET().build());
    }

    @Test
    void liveness_is_up_without_any_token() {
        ApiHarness.Response response = get("/health/live");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("UP");
    }

    @Test
    void readiness_is_up_when_every_check_passes() {
        JsonNode body = get("/health/ready").json();

        assertThat(body.toString()).isEqualTo("{\"status\":\"UP\",\"checks\":{\"database\":\"UP\",\"kms\":\"UP\"}}");
    }

    @Test
    void a_failing_required_check_makes_the_instance_not_ready() {
        database.set(false);

        ApiHarness.Response response = get("/health/ready");

        assertThat(response.status()).isEqualTo(503);
        assertThat(response.json().get("status").stringValue()).isEqualTo("DOWN");
        assertThat(response.json().get("checks").get("database").stringValue()).isEqualTo("DOWN");
    }

    @Test
    void a_failing_informational_check_is_reported_but_leaves_the_instance_ready() {
        kms.set(false);

        ApiHarness.Response response = get("/health/ready");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").stringValue()).isEqualTo("DEGRADED");
        assertThat(response.json().get("checks").get("kms").stringValue()).isEqualTo("DOWN");
    }

    @Test
    void a_check_that_hangs_or_throws_counts_as_down() {
        try (ManagementServer slow = new ManagementServer(null, 0, harness.registry, List.of(
                HealthCheck.required("database", () -> {
                    try {
                        Thread.sleep(5_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return true;
                }),
                HealthCheck.required("broken", () -> {
                    throw new IllegalStateException("boom");
                })), Duration.ofMillis(200)).start()) {
            long started = System.nanoTime();
            ApiHarness.Response response = harness.exchange(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + slow.port() + "/health/ready")).GET().build());

            assertThat(response.status()).isEqualTo(503);
            assertThat(response.json().get("checks").toString()).isEqualTo("{\"database\":\"DOWN\",\"broken\":\"DOWN\"}");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void metrics_expose_request_counts_and_latency_per_route_template_and_status() {
        harness.createKey(5);
        harness.get("/v1/users/5/keys", harness.admin());
        harness.get("/v1/users/6/keys", harness.admin());
        harness.get("/v1/users/5/keys", null);
        harness.get("/not/a/route", null);

        ApiHarness.Response response = get("/metrics");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("text/plain");
        assertThat(response.body())
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"success\",route=\"/v1/users/{userId}/keys\",status=\"200\"} 1")
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"client_error\",route=\"/v1/users/{userId}/keys\",status=\"404\"} 1")
                .contains("http_server_requests_seconds_count{method=\"GET\",outcome=\"denied\",route=\"/v1/users/{userId}/keys\",status=\"401\"} 1")
                .contains("route=\"UNMATCHED\"")
                .contains("http_server_requests_seconds_bucket")
                .contains("vault_auth_failures_total{reason=\"missing\"}")
                .doesNotContain("/v1/users/5/keys")
                .doesNotContain("/not/a/route");
    }

    @Test
    void the_management_port_has_nothing_else() {
        assertThat(get("/v1/users/5/keys").status()).isEqualTo(404);
        assertThat(get("/v1/users/5/keys").problemType()).isEqualTo(ProblemType.BASE + "not-found");
    }

    @Test
    void health_check_names_are_validated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HealthCheck.required("Data Base", () -> true))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void a_client_gets_its_burst_then_the_sustained_rate() {
        ClientRateLimiter limiter = new ClientRateLimiter(new RateLimit(10, 20), now::get);

        for (int i = 0; i < 20; i++) {
            assertThat(limiter.tryAcquire("billing")).as("request %d of the burst", i).isTrue();
        }
        assertThat(limiter.tryAcquire("billing")).isFalse();

        now.addAndGet(100_000_000L); // 0.1 s refills one request at 10/s
        assertThat(limiter.tryAcquire("billing")).isTrue();
        assertThat(limiter.tryAcquire("billing")).isFalse();
    }

    @Test
    void clients_have_separate_buckets() {
        ClientRateLimiter limiter = new ClientRateLimiter(new RateLimit(1, 1), now::get);

        assertThat(limiter.tryAcquire("billing")).isTrue();
        assertThat(limiter.tryAcquire("billing")).isFalse();
        assertThat(limiter.tryAcquire("profiles")).isTrue();
    }

    @Test
    void a_quiet_client_refills_only_up_to_its_burst() {
        ClientRateLimiter limiter = new ClientRateLimiter(new RateLimit(5, 5), now::get);
        limiter.tryAcquire("billing");
        now.addAndGet(3_600_000_000_000L);

        int granted = 0;
        while (limiter.tryAcquire("billing")) {
            granted++;
        }
        assertThat(granted).isEqualTo(5);
    }

    @Test
    void unlimited_never_refuses() {
        ClientRateLimiter limiter = new ClientRateLimiter(RateLimit.UNLIMITED, now::get);

        for (int i = 0; i < 10_000; i++) {
            assertThat(limiter.tryAcquire("billing")).isTrue();
        }
    }

    @Test
    void nonsense_limits_are_refused_at_construction() {
        assertThatThrownBy(() -> new RateLimit(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateLimit(10, 5)).hasMessageContaining("burst");
        assertThat(RateLimit.perClient(0)).isEqualTo(RateLimit.UNLIMITED);
        assertThat(RateLimit.perClient(50)).isEqualTo(new RateLimit(50, 100));
    }

    @Test
    void over_the_limit_the_api_answers_429_with_retry_after() {
        try (ApiHarness harness = new ApiHarness(config -> config.withRateLimit(new RateLimit(2, 2)))) {
            String token = "Bearer " + harness.issuer.accessToken("rate-test-client", "vault/keys.read");

            int first = harness.get("/v1/users/1/keys", token).status();
            int second = harness.get("/v1/users/1/keys", token).status();
            ApiHarness.Response third = harness.get("/v1/users/1/keys", token);

            assertThat(first).isEqualTo(404);
            assertThat(second).isEqualTo(404);
            assertThat(third.status()).isEqualTo(429);
            assertThat(third.header("Retry-After")).isEqualTo("1");
            assertThat(third.contentType()).startsWith("application/problem+json");
            assertThat(third.body()).contains("https://estatekit.com/problems/rate-limited");
        }
    }
}

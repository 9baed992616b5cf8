package com.estatekit.vault.adapter.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;

/**
 * The API's meters. Every tag has a bounded set of values: routes are templates (or
 * {@code UNMATCHED}), methods outside the standard set are {@code OTHER}.
 *
 * <ul>
 *   <li>{@value #REQUESTS} (timer): method, route, status, outcome</li>
 *   <li>{@value #AUTH_FAILURES} (counter): reason</li>
 *   <li>{@value #BATCH_ITEMS} (summary): operation; items per accepted batch</li>
 * </ul>
 */
final class HttpMetrics {

    static final String REQUESTS = "http.server.requests";
    static final String AUTH_FAILURES = "vault.auth.failures";
    static final String BATCH_ITEMS = "vault.batch.items";

    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE");

    private final MeterRegistry registry;

    HttpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String method, String route, int status, long nanos) {
        Timer.builder(REQUESTS)
                .description("API requests by route template and outcome")
                .tag("method", METHODS.contains(method) ? method : "OTHER")
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .tag("outcome", Outcome.of(status))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry)
                .record(Duration.ofNanos(nanos));
    }

    void authFailure(String reason) {
        Counter.builder(AUTH_FAILURES)
                .description("Requests refused by authentication or authorization")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    void batch(String operation, int items) {
        DistributionSummary.builder(BATCH_ITEMS)
                .description("Items per batch the API accepted")
                .tag("operation", operation)
                .register(registry)
                .record(items);
    }
}

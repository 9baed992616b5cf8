package com.estatekit.vault.adapter.http;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client id. Clients are the app clients of one Cognito pool (a handful), and
 * only an authenticated request reaches a bucket, so the map cannot be grown by strangers.
 */
final class ClientRateLimiter {

    private static final double NANOS_PER_SECOND = 1_000_000_000.0;

    private final RateLimit limit;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    ClientRateLimiter(RateLimit limit, LongSupplier nanoTime) {
        this.limit = limit;
        this.nanoTime = nanoTime;
    }

    /** Takes one request from the client's bucket; {@code false} when it is empty. */
    boolean tryAcquire(String clientId) {
        if (!limit.limited()) {
            return true;
        }
        return buckets.computeIfAbsent(clientId, id -> new Bucket(limit.burst(), nanoTime.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized boolean take() {
            long now = nanoTime.getAsLong();
            tokens = Math.min(limit.burst(), tokens + (now - refilledAt) / NANOS_PER_SECOND * limit.requestsPerSecond());
            refilledAt = now;
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
            return true;
        }
    }
}

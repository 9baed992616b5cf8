package com.estatekit.vault.adapter.http;

import java.time.Duration;
import java.util.Objects;

/**
 * Where and how the API port listens.
 *
 * @param host interface to bind, {@code null} or {@code 0.0.0.0} for all
 * @param port TCP port; {@code 0} picks a free one ({@link VaultHttpApi#port()} tells which)
 * @param limits request size limits
 * @param shutdownGrace how long {@link VaultHttpApi#stop()} lets in-flight requests finish
 * @param rateLimit requests per client and second on this instance ({@link RateLimit#UNLIMITED} by default)
 */
public record ApiConfig(String host, int port, Limits limits, Duration shutdownGrace, RateLimit rateLimit) {

    /** Default grace period for in-flight requests on stop. */
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);

    /** @throws IllegalArgumentException when the port or grace period is out of range */
    public ApiConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(shutdownGrace, "shutdownGrace");
        Objects.requireNonNull(rateLimit, "rateLimit");
        if (shutdownGrace.isNegative() || shutdownGrace.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException("shutdownGrace must be between 0 and 10 minutes, was " + shutdownGrace);
        }
    }

    /** All interfaces, default limits and grace period. */
    public static ApiConfig onPort(int port) {
        return new ApiConfig(null, port, Limits.defaults(), DEFAULT_SHUTDOWN_GRACE, RateLimit.UNLIMITED);
    }

    /** This configuration with other limits. */
    public ApiConfig withLimits(Limits newLimits) {
        return new ApiConfig(host, port, newLimits, shutdownGrace, rateLimit);
    }

    /** This configuration with another shutdown grace period. */
    public ApiConfig withShutdownGrace(Duration grace) {
        return new ApiConfig(host, port, limits, grace, rateLimit);
    }

    /** This configuration bound to one interface. */
    public ApiConfig withHost(String newHost) {
        return new ApiConfig(newHost, port, limits, shutdownGrace, rateLimit);
    }

    /** This configuration with a per-client rate limit. */
    public ApiConfig withRateLimit(RateLimit newRateLimit) {
        return new ApiConfig(host, port, limits, shutdownGrace, newRateLimit);
    }
}

package com.estatekit.vault.domain.model;

import java.time.Duration;
import java.util.Objects;

/**
 * A dependency (the key database or KMS) is down, slow, throttling or out of capacity. Nothing was
 * changed; the same call may succeed after {@link #retryAfter()}.
 */
public final class DependencyUnavailableException extends VaultException {

    /** Which dependency failed. */
    public enum Dependency { DATABASE, KMS }

    private final Dependency dependency;
    private final Duration retryAfter;

    /**
     * @param reason fixed, secret-free text chosen by the adapter, e.g. "throttled"
     * @param retryAfter a hint for the client; at least one second is reported
     */
    public DependencyUnavailableException(Dependency dependency, String reason, Duration retryAfter) {
        super(Objects.requireNonNull(dependency, "dependency").name().toLowerCase(java.util.Locale.ROOT)
                + " unavailable: " + reason);
        this.dependency = dependency;
        this.retryAfter = retryAfter == null || retryAfter.compareTo(Duration.ofSeconds(1)) < 0
                ? Duration.ofSeconds(1) : retryAfter;
    }

    /** Which dependency failed. */
    public Dependency dependency() {
        return dependency;
    }

    /** When a retry may succeed, at least one second. */
    public Duration retryAfter() {
        return retryAfter;
    }
}

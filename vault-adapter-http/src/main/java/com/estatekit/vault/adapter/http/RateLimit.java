package com.estatekit.vault.adapter.http;

/**
 * How many API requests one client ({@code client_id}) may make per second on this instance,
 * with a burst allowance. Beyond it the API answers {@code 429} with {@code Retry-After}.
 *
 * <p>Off by default ({@link #UNLIMITED}): a per-instance limit multiplies with the number of pods
 * the autoscaler runs, so the primary limit belongs at the ingress; this is an extra, per-client
 * safeguard (for example to slow a stolen {@code vault/decrypt} token down) that an operator turns on.
 *
 * @param requestsPerSecond sustained rate; {@code 0} means unlimited
 * @param burst requests allowed at once after a quiet period; at least {@code requestsPerSecond}
 */
public record RateLimit(int requestsPerSecond, int burst) {

    /** No limit. */
    public static final RateLimit UNLIMITED = new RateLimit(0, 0);

    /** @throws IllegalArgumentException for negative values or a burst below the rate */
    public RateLimit {
        if (requestsPerSecond < 0 || burst < 0) {
            throw new IllegalArgumentException("rate limit values must not be negative");
        }
        if (requestsPerSecond > 0 && burst < requestsPerSecond) {
            throw new IllegalArgumentException("rate limit burst must be at least the rate per second");
        }
    }

    /** {@code requestsPerSecond} per client, with a burst of twice that; {@code 0} means unlimited. */
    public static RateLimit perClient(int requestsPerSecond) {
        return requestsPerSecond == 0 ? UNLIMITED : new RateLimit(requestsPerSecond, 2 * requestsPerSecond);
    }

    /** Whether a limit applies. */
    public boolean limited() {
        return requestsPerSecond > 0;
    }
}

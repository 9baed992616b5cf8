package com.estatekit.vault.adapter.http;

import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * How access tokens are verified (brief section 6): RS256 only, key by {@code kid} from the issuer's
 * JWKS, {@code iss} exact, {@code token_use = access}, {@code client_id} in the allow-list when one
 * is given, {@code exp} required, {@code nbf} honoured, scopes from {@code scope}.
 *
 * <p>The strict choices are not configurable. What is: the issuer, the allowed clients, the scope
 * prefix, the clock skew and the JWKS cache timing. Plain {@code http} is refused except on a
 * loopback host (local dev issuers and tests).
 *
 * @param issuer the exact {@code iss}, e.g. {@code https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC}
 * @param jwksUri where the signing keys are published; {@link #forIssuer} uses
 *     {@code <issuer>/.well-known/jwks.json}, Cognito's location
 * @param allowedClientIds accepted {@code client_id}s; empty accepts every client of the issuer
 * @param scopePrefix prefix of the scope names, {@code vault/} by default
 * @param clockSkew tolerance for {@code exp} and {@code nbf}
 * @param jwksCacheTtl how long a fetched key set is used before it is fetched again
 * @param jwksMinRefreshInterval fetches for unknown {@code kid}s are at most about two per interval
 * @param jwksConnectTimeout connect timeout of a key set fetch
 * @param jwksReadTimeout read timeout of a key set fetch
 */
public record AuthConfig(
        String issuer,
        URI jwksUri,
        Set<String> allowedClientIds,
        String scopePrefix,
        Duration clockSkew,
        Duration jwksCacheTtl,
        Duration jwksMinRefreshInterval,
        Duration jwksConnectTimeout,
        Duration jwksReadTimeout) {

    /** Default scope prefix. */
    public static final String DEFAULT_SCOPE_PREFIX = "vault/";
    /** Default clock skew. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);
    /** Default key set cache time to live. */
    public static final Duration DEFAULT_JWKS_CACHE_TTL = Duration.ofMinutes(5);
    /** Default minimum interval between key set fetches triggered by unknown key ids. */
    public static final Duration DEFAULT_JWKS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(15);
    /** Default connect and read timeout of a key set fetch. */
    public static final Duration DEFAULT_JWKS_TIMEOUT = Duration.ofSeconds(2);

    /** @throws IllegalArgumentException saying which setting is wrong and what to change */
    public AuthConfig {
        requireUsableUri("issuer", issuer);
        if (issuer.endsWith("/")) {
            throw new IllegalArgumentException("issuer must not end with '/': iss is compared exactly, and Cognito's has none");
        }
        Objects.requireNonNull(jwksUri, "jwksUri");
        requireUsableUri("jwksUri", jwksUri.toString());
        allowedClientIds = Set.copyOf(Objects.requireNonNull(allowedClientIds, "allowedClientIds"));
        for (String clientId : allowedClientIds) {
            if (clientId.isBlank() || !clientId.equals(clientId.strip())) {
                throw new IllegalArgumentException("allowedClientIds must not contain blank or padded entries");
            }
        }
        Objects.requireNonNull(scopePrefix, "scopePrefix");
        if (scopePrefix.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("scopePrefix must not contain spaces or control characters");
        }
        requireBetween("clockSkew", clockSkew, Duration.ZERO, Duration.ofMinutes(5));
        requireBetween("jwksCacheTtl", jwksCacheTtl, Duration.ofSeconds(1), Duration.ofDays(1));
        requireBetween("jwksMinRefreshInterval", jwksMinRefreshInterval, Duration.ofMillis(1), Duration.ofHours(1));
        if (jwksMinRefreshInterval.compareTo(jwksCacheTtl) >= 0) {
            throw new IllegalArgumentException("jwksMinRefreshInterval must be shorter than jwksCacheTtl");
        }
        requireBetween("jwksConnectTimeout", jwksConnectTimeout, Duration.ofMillis(1), Duration.ofSeconds(60));
        requireBetween("jwksReadTimeout", jwksReadTimeout, Duration.ofMillis(1), Duration.ofSeconds(60));
    }

    /**
     * Cognito's defaults for {@code issuer}: keys from {@code <issuer>/.well-known/jwks.json}, any
     * client, prefix {@code vault/}, 60 s skew, keys cached 5 min, refetched for an unknown
     * {@code kid} at most about twice per 15 s, 2 s fetch timeouts.
     */
    public static AuthConfig forIssuer(String issuer) {
        requireUsableUri("issuer", issuer);
        return new AuthConfig(issuer, URI.create(issuer + "/.well-known/jwks.json"), Set.of(), DEFAULT_SCOPE_PREFIX,
                DEFAULT_CLOCK_SKEW, DEFAULT_JWKS_CACHE_TTL, DEFAULT_JWKS_MIN_REFRESH_INTERVAL, DEFAULT_JWKS_TIMEOUT,
                DEFAULT_JWKS_TIMEOUT);
    }

    /** This configuration accepting only {@code clientIds} (empty: any client). */
    public AuthConfig withAllowedClientIds(Collection<String> clientIds) {
        return new AuthConfig(issuer, jwksUri, Set.copyOf(clientIds), scopePrefix, clockSkew, jwksCacheTtl,
                jwksMinRefreshInterval, jwksConnectTimeout, jwksReadTimeout);
    }

    /** This configuration with another scope prefix. */
    public AuthConfig withScopePrefix(String prefix) {
        return new AuthConfig(issuer, jwksUri, allowedClientIds, prefix, clockSkew, jwksCacheTtl,
                jwksMinRefreshInterval, jwksConnectTimeout, jwksReadTimeout);
    }

    /** This configuration with another clock skew. */
    public AuthConfig withClockSkew(Duration skew) {
        return new AuthConfig(issuer, jwksUri, allowedClientIds, scopePrefix, skew, jwksCacheTtl,
                jwksMinRefreshInterval, jwksConnectTimeout, jwksReadTimeout);
    }

    /** This configuration fetching keys from another location (an issuer that does not follow Cognito's). */
    public AuthConfig withJwksUri(URI uri) {
        return new AuthConfig(issuer, uri, allowedClientIds, scopePrefix, clockSkew, jwksCacheTtl,
                jwksMinRefreshInterval, jwksConnectTimeout, jwksReadTimeout);
    }

    /** This configuration with other key set cache timing. */
    public AuthConfig withJwksTiming(Duration cacheTtl, Duration minRefreshInterval) {
        return new AuthConfig(issuer, jwksUri, allowedClientIds, scopePrefix, clockSkew, cacheTtl,
                minRefreshInterval, jwksConnectTimeout, jwksReadTimeout);
    }

    private static void requireUsableUri(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required, e.g. https://cognito-idp.<region>.amazonaws.com/<poolId>");
        }
        URI uri;
        try {
            uri = new URI(value);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(name + " must be an absolute https URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || (scheme.equals("http") && isLoopback(uri.getHost())))) {
            throw new IllegalArgumentException(name + " must be an absolute https URL (http only for localhost)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException(name + " must not have a query, fragment or user info");
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static void requireBetween(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + value);
        }
    }
}

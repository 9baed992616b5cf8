package com.estatekit.vault.adapter.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.Closeable;
import java.io.IOException;
import java.net.MalformedURLException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies Cognito access tokens the way {@code aws-jwt-verify} does, with nimbus-jose-jwt.
 *
 * <ul>
 *   <li>Only {@code RS256}; the header must name a {@code kid}, which is looked up in the issuer's
 *       JWKS (cached; refetched on an unknown {@code kid}, at most about twice per
 *       {@link AuthConfig#jwksMinRefreshInterval()}; fetches time out; a cached set keeps serving
 *       while the issuer is briefly down).</li>
 *   <li>{@code iss} exact, {@code token_use = access}, {@code exp} and {@code client_id} required,
 *       {@code nbf} honoured, both within the clock skew. {@code sub} is optional (Cognito's
 *       client-credentials tokens carry it, equal to the client id; the brief does not require it):
 *       when present it must be a non-empty string, when absent the client id stands in.</li>
 *   <li>{@code client_id} in the allow-list when one is configured.</li>
 * </ul>
 *
 * <p>A token whose {@code kid} is unknown while the last key set fetch failed is answered
 * {@code 503 issuer-unavailable}, not {@code 401}: the vault cannot tell a new signing key from a
 * forged one, and a client must not discard a token that may be valid. Every other failure is a
 * {@code 401}. The processor is built once and shared: verification is one RSA check and a few
 * map look-ups (about 50 µs); verified tokens are not cached.
 */
final class TokenVerifier implements Closeable {

    private static final int MAX_TOKEN_CHARS = 16 * 1024;
    private static final int MAX_JWKS_BYTES = 64 * 1024;

    private final AuthConfig config;
    private final JWKSource<SecurityContext> keys;
    private final FetchTracker tracker;
    private final DefaultJWTProcessor<SecurityContext> processor;

    TokenVerifier(AuthConfig config, Clock clock) {
        this.config = config;
        DefaultResourceRetriever retriever = new DefaultResourceRetriever(
                (int) config.jwksConnectTimeout().toMillis(), (int) config.jwksReadTimeout().toMillis(), MAX_JWKS_BYTES);
        try {
            this.tracker = new FetchTracker(new URLBasedJWKSetSource<>(config.jwksUri().toURL(), retriever));
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("jwksUri must be a URL");
        }
        long ttl = config.jwksCacheTtl().toMillis();
        this.keys = JWKSourceBuilder.create(tracker)
                .cache(ttl, Math.max(1, config.jwksReadTimeout().plus(config.jwksConnectTimeout()).toMillis()))
                .refreshAheadCache(false)
                .rateLimited(config.jwksMinRefreshInterval().toMillis())
                .retrying(true)
                .outageTolerant(ttl * 10)
                .build();

        JWTClaimsSet exact = new JWTClaimsSet.Builder()
                .issuer(config.issuer())
                .claim("token_use", "access")
                .build();
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                null, exact, Set.of("exp", "client_id", "token_use", "iss"), null) {
            @Override
            protected Date currentTime() {
                return Date.from(clock.instant());
            }
        };
        claims.setMaxClockSkew((int) config.clockSkew().toSeconds());

        this.processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(claims);
    }

    /**
     * Checks the {@code Authorization} header value.
     *
     * @throws ApiException 401 for anything but a valid token; 503 when the key cannot be confirmed
     *     because the issuer's key set cannot be fetched
     */
    Principal authenticate(String authorization) {
        if (authorization == null) {
            throw ApiException.unauthenticated(false, "missing");
        }
        if (authorization.length() < 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthenticated(true, "not_bearer");
        }
        String token = authorization.substring(7).strip();
        if (token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            throw ApiException.unauthenticated(true, "malformed");
        }
        SignedJWT jwt;
        try {
            jwt = SignedJWT.parse(token);
        } catch (ParseException | RuntimeException notJws) {
            throw ApiException.unauthenticated(true, "malformed");
        }
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw ApiException.unauthenticated(true, "algorithm");
        }
        String kid = jwt.getHeader().getKeyID();
        if (kid == null || kid.isBlank()) {
            throw ApiException.unauthenticated(true, "no_kid");
        }
        requireKnownKey(kid);
        JWTClaimsSet claims;
        try {
            claims = processor.process(jwt, null);
        } catch (KeySourceException keysUnavailable) {
            throw ApiException.issuerUnavailable(config.jwksMinRefreshInterval());
        } catch (BadJOSEException | JOSEException rejected) {
            throw ApiException.unauthenticated(true, "rejected");
        }
        String clientId = stringClaim(claims, "client_id");
        if (clientId == null || clientId.isEmpty()) {
            throw ApiException.unauthenticated(true, "claims");
        }
        String subject = clientId;
        if (claims.getClaim("sub") != null) {
            subject = stringClaim(claims, "sub");
            if (subject == null || subject.isEmpty()) {
                throw ApiException.unauthenticated(true, "claims");
            }
        }
        if (!config.allowedClientIds().isEmpty() && !config.allowedClientIds().contains(clientId)) {
            throw ApiException.unauthenticated(true, "client_not_allowed");
        }
        return new Principal(clientId, subject, scopes(claims));
    }

    /** Key look-up first, so an unreachable issuer is told apart from an unknown key. */
    private void requireKnownKey(String kid) {
        JWKSelector selector = new JWKSelector(new JWKMatcher.Builder()
                .keyID(kid)
                .keyType(KeyType.RSA)
                .keyUses(KeyUse.SIGNATURE, null)
                .algorithms(JWSAlgorithm.RS256, null)
                .build());
        List<JWK> found;
        try {
            found = keys.get(selector, null);
        } catch (RateLimitReachedException recentlyFetched) {
            if (tracker.lastFetchFailed()) {
                throw ApiException.issuerUnavailable(config.jwksMinRefreshInterval());
            }
            throw ApiException.unauthenticated(true, "unknown_kid");
        } catch (KeySourceException unavailable) {
            throw ApiException.issuerUnavailable(config.jwksMinRefreshInterval());
        }
        if (found.isEmpty()) {
            if (tracker.lastFetchFailed()) {
                throw ApiException.issuerUnavailable(config.jwksMinRefreshInterval());
            }
            throw ApiException.unauthenticated(true, "unknown_kid");
        }
    }

    private static String stringClaim(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String ? (String) value : null;
    }

    private static Set<String> scopes(JWTClaimsSet claims) {
        Object scope = claims.getClaim("scope");
        if (!(scope instanceof String)) {
            return Set.of();
        }
        Set<String> scopes = new HashSet<>();
        Arrays.stream(((String) scope).split(" ")).filter(s -> !s.isEmpty()).forEach(scopes::add);
        return scopes;
    }

    /** The full scope name for {@code scope} under the configured prefix. */
    String scopeName(Scope scope) {
        return scope.fullName(config.scopePrefix());
    }

    /** Whether the issuer's key set could be fetched at the last attempt (for readiness reporting). */
    boolean issuerReachableAtLastFetch() {
        return !tracker.lastFetchFailed();
    }

    @Override
    public void close() throws IOException {
        if (keys instanceof Closeable) {
            ((Closeable) keys).close();
        }
    }

    /** Remembers whether the most recent fetch of the key set failed. */
    private static final class FetchTracker implements JWKSetSource<SecurityContext> {

        private final JWKSetSource<SecurityContext> source;
        private volatile boolean lastFetchFailed;

        FetchTracker(JWKSetSource<SecurityContext> source) {
            this.source = source;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long currentTime, SecurityContext context)
                throws KeySourceException {
            try {
                JWKSet set = source.getJWKSet(evaluator, currentTime, context);
                lastFetchFailed = false;
                return set;
            } catch (KeySourceException | RuntimeException failed) {
                lastFetchFailed = true;
                throw failed;
            }
        }

        boolean lastFetchFailed() {
            return lastFetchFailed;
        }

        @Override
        public void close() throws IOException {
            source.close();
        }
    }

    @Override
    public String toString() {
        return "TokenVerifier[issuer=" + config.issuer().toLowerCase(Locale.ROOT) + "]";
    }
}

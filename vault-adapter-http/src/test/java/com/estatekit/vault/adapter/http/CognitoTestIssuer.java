package com.estatekit.vault.adapter.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import kotlin.jvm.functions.Function1;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;

/**
 * A real local OAuth2 server (no.nav mock-oauth2-server) shaped like a Cognito user pool: it signs
 * RS256 access tokens with {@code token_use}, {@code client_id}, {@code scope} and {@code sub}, and
 * publishes its key at Cognito's location, {@code <issuer>/.well-known/jwks.json}, over HTTP. The
 * API under test fetches that key set itself; nothing about verification is switched off.
 *
 * <p>For end-to-end tests (the app module uses this through the test-jar):
 * <pre>{@code
 * CognitoTestIssuer issuer = CognitoTestIssuer.start();
 * AuthConfig auth = issuer.authConfig();                   // give this to VaultHttpApi
 * String bearer = "Bearer " + issuer.accessToken("billing-service", "vault/encrypt", "vault/decrypt");
 * String admin = "Bearer " + issuer.accessTokenWithAllScopes("ops");
 * issuer.close();
 * }</pre>
 *
 * <p>{@link #token()} builds the adversarial ones: expired, foreign key, {@code alg: none}, …
 */
public final class CognitoTestIssuer implements AutoCloseable {

    /** The user pool id, the issuer URL's last path segment. */
    public static final String POOL_ID = "eu-west-1_VaultTest";

    /** Every scope of the API under the default prefix. */
    public static final List<String> ALL_SCOPES = List.of(
            "vault/keys.create", "vault/keys.read", "vault/encrypt", "vault/decrypt", "vault/keys.rotate", "vault/keys.delete");

    private final RSAKey signingKey;
    private final MockOAuth2Server server;
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final AtomicBoolean jwksFailing = new AtomicBoolean();

    private CognitoTestIssuer() {
        try {
            signingKey = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        KeyProvider keys = new KeyProvider(List.of(), JWSAlgorithm.RS256.getName()) {
            @Override
            public JWK signingKey(String issuerId) {
                return signingKey;
            }
        };
        OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys));
        server = new MockOAuth2Server(config, new CognitoJwksRoute());
    }

    /** Starts an issuer on a free localhost port. */
    public static CognitoTestIssuer start() {
        CognitoTestIssuer issuer = new CognitoTestIssuer();
        issuer.server.start(0);
        return issuer;
    }

    /** The exact {@code iss}: {@code http://localhost:<port>/eu-west-1_VaultTest}. */
    public String issuer() {
        return server.issuerUrl(POOL_ID).toString();
    }

    /**
     * Verification settings for this issuer: Cognito's JWKS location, any client, prefix
     * {@code vault/}, and a key set refetch interval short enough for tests.
     */
    public AuthConfig authConfig() {
        return AuthConfig.forIssuer(issuer()).withJwksTiming(Duration.ofMinutes(5), Duration.ofMillis(200));
    }

    /** An access token from the issuer's own token machinery for {@code clientId} with {@code scopes}. */
    public String accessToken(String clientId, String... scopes) {
        return accessToken(clientId, Arrays.asList(scopes));
    }

    /** As {@link #accessToken(String, String...)}. */
    public String accessToken(String clientId, Collection<String> scopes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("token_use", "access");
        claims.put("client_id", clientId);
        claims.put("scope", String.join(" ", scopes));
        claims.put("version", 2);
        return server.issueToken(POOL_ID, clientId,
                new DefaultOAuth2TokenCallback(POOL_ID, clientId, JOSEObjectType.JWT.getType(), null, claims, 3600L))
                .serialize();
    }

    /** A token with every scope of the API. */
    public String accessTokenWithAllScopes(String clientId) {
        return accessToken(clientId, ALL_SCOPES);
    }

    /** A builder for hand-made tokens, valid by default and signed with the issuer's real key. */
    public TokenBuilder token() {
        return new TokenBuilder();
    }

    /** The {@code kid} of the issuer's signing key. */
    public String keyId() {
        return signingKey.getKeyID();
    }

    /** The issuer's public key, as its JWKS publishes it. */
    public RSAKey publicKey() {
        return signingKey.toPublicJWK();
    }

    /** How many times the JWKS was fetched. */
    public int jwksFetches() {
        return jwksFetches.get();
    }

    /** From now on the JWKS endpoint answers 500 (the issuer is down), until called with false. */
    public void failJwks(boolean failing) {
        jwksFailing.set(failing);
    }

    @Override
    public void close() {
        server.shutdown();
    }

    private static RSAKey foreignKey;

    /** One key for all forgeries: RSA key generation is slow, and one foreign key proves the point. */
    private static synchronized RSAKey foreignKey() {
        if (foreignKey == null) {
            try {
                foreignKey = new RSAKeyGenerator(2048).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
        return foreignKey;
    }

    /** Serves the public key set where Cognito does, counting fetches. */
    private final class CognitoJwksRoute implements Route, Function1<OAuth2HttpRequest, OAuth2HttpResponse> {

        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getMethod().equals("GET")
                    && request.getUrl().encodedPath().equals("/" + POOL_ID + "/.well-known/jwks.json");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            jwksFetches.incrementAndGet();
            if (jwksFailing.get()) {
                return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 500, "{}", null);
            }
            String body = new JWKSet(signingKey.toPublicJWK()).toString();
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200, body, null);
        }
    }

    /** Builds one token, Cognito-shaped and valid unless told otherwise. */
    public final class TokenBuilder {

        private final Map<String, Object> claims = new LinkedHashMap<>();
        private final Set<String> removed = new HashSet<>();
        private String kid = signingKey.getKeyID();
        private boolean withKid = true;
        private RSAKey key = signingKey;
        private Signing signing = Signing.RS256;

        private enum Signing { RS256, NONE, HS256_WITH_PUBLIC_KEY }

        TokenBuilder() {
            Instant now = Instant.now();
            claims.put("sub", "test-client");
            claims.put("iss", issuer());
            claims.put("token_use", "access");
            claims.put("client_id", "test-client");
            claims.put("scope", String.join(" ", ALL_SCOPES));
            claims.put("auth_time", now.getEpochSecond());
            claims.put("iat", Date.from(now));
            claims.put("exp", Date.from(now.plusSeconds(3600)));
            claims.put("jti", UUID.randomUUID().toString());
        }

        /** Sets {@code client_id} and {@code sub}. */
        public TokenBuilder clientId(String clientId) {
            claims.put("client_id", clientId);
            claims.put("sub", clientId);
            return this;
        }

        /** Sets the {@code scope} claim to these, space-separated. */
        public TokenBuilder scopes(String... scopes) {
            claims.put("scope", String.join(" ", scopes));
            return this;
        }

        /** Sets any claim; {@link Instant}s become numeric dates. */
        public TokenBuilder claim(String name, Object value) {
            claims.put(name, value instanceof Instant ? Date.from((Instant) value) : value);
            removed.remove(name);
            return this;
        }

        /** Leaves a claim out. */
        public TokenBuilder without(String name) {
            removed.add(name);
            return this;
        }

        /** Sets {@code exp}. */
        public TokenBuilder expiresAt(Instant exp) {
            return claim("exp", exp);
        }

        /** Sets {@code nbf}. */
        public TokenBuilder notBefore(Instant nbf) {
            return claim("nbf", nbf);
        }

        /** Puts another {@code kid} in the header. */
        public TokenBuilder keyId(String keyId) {
            this.kid = keyId;
            return this;
        }

        /** Leaves {@code kid} out of the header. */
        public TokenBuilder withoutKeyId() {
            this.withKid = false;
            return this;
        }

        /** Signs with a fresh RSA key the issuer never published (the {@code kid} stays as set). */
        public TokenBuilder signedWithForeignKey() {
            this.key = foreignKey();
            return this;
        }

        /** {@code alg: none}, no signature. */
        public TokenBuilder unsigned() {
            this.signing = Signing.NONE;
            return this;
        }

        /** The classic confusion attack: HS256 with the issuer's public key bytes as the secret. */
        public TokenBuilder hs256WithPublicKeyAsSecret() {
            this.signing = Signing.HS256_WITH_PUBLIC_KEY;
            return this;
        }

        /** The compact serialization. */
        public String build() {
            JWTClaimsSet.Builder set = new JWTClaimsSet.Builder();
            claims.forEach((name, value) -> {
                if (!removed.contains(name)) {
                    set.claim(name, value);
                }
            });
            JWTClaimsSet claimsSet = set.build();
            try {
                switch (signing) {
                    case NONE: {
                        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"" + (withKid ? ",\"kid\":\"" + kid + "\"" : "") + "}";
                        return Base64URL.encode(header.getBytes(StandardCharsets.UTF_8)) + "."
                                + Base64URL.encode(claimsSet.toString().getBytes(StandardCharsets.UTF_8)) + ".";
                    }
                    case HS256_WITH_PUBLIC_KEY: {
                        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT);
                        if (withKid) {
                            header.keyID(kid);
                        }
                        SignedJWT jwt = new SignedJWT(header.build(), claimsSet);
                        byte[] secret = signingKey.toPublicJWK().toRSAPublicKey().getEncoded();
                        jwt.sign(new MACSigner(secret));
                        return jwt.serialize();
                    }
                    default: {
                        JWSHeader.Builder header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT);
                        if (withKid) {
                            header.keyID(kid);
                        }
                        SignedJWT jwt = new SignedJWT(header.build(), claimsSet);
                        jwt.sign(new RSASSASigner(key));
                        return jwt.serialize();
                    }
                }
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

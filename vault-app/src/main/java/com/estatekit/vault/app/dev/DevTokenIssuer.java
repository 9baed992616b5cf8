package com.estatekit.vault.app.dev;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DEV ONLY: a tiny local OAuth2 issuer shaped like a Cognito user pool, so dev mode needs no AWS
 * account. It serves a JWKS at {@code <issuer>/.well-known/jwks.json} and a client-credentials
 * token endpoint at {@code <issuer>/oauth2/token}, and signs Cognito-shaped access tokens (RS256,
 * {@code kid}, {@code token_use=access}, {@code client_id}, space-separated {@code scope}). The vault
 * verifies them exactly as it verifies Cognito's: there is no switch that turns verification off.
 *
 * <p>It binds to the loopback interface only, accepts one fixed dev client, and refuses to start
 * when {@code VAULT_ENV=production}. Its signing key lives in memory: tokens die with the process.
 */
public final class DevTokenIssuer implements AutoCloseable {

    /** The client id dev tokens are issued to. */
    public static final String CLIENT_ID = "vault-dev-client";
    /** The dev client's secret: public on purpose, it guards nothing real. */
    public static final String CLIENT_SECRET = "vault-dev-secret";

    private static final Logger LOG = LoggerFactory.getLogger(DevTokenIssuer.class);
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final String PATH = "/dev-issuer";

    private final HttpServer server;
    private final RSAKey signingKey;
    private final RSASSASigner signer;
    private final List<String> allScopes;
    private final Clock clock;
    private final URI issuer;

    private DevTokenIssuer(int port, List<String> allScopes, Clock clock) throws IOException, JOSEException {
        this.signingKey = new RSAKeyGenerator(2048).keyID("dev-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).generate();
        this.signer = new RSASSASigner(signingKey);
        this.allScopes = List.copyOf(allScopes);
        this.clock = clock;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        this.server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "dev-token-issuer");
            thread.setDaemon(true);
            return thread;
        }));
        this.server.createContext(PATH + "/.well-known/jwks.json", this::serveJwks);
        this.server.createContext(PATH + "/oauth2/token", this::serveToken);
        this.server.start();
        this.issuer = URI.create("http://localhost:" + server.getAddress().getPort() + PATH);
    }

    /**
     * Starts the issuer on {@code port} (0 = any free port) of the loopback interface.
     *
     * @param vaultEnv the value of {@code VAULT_ENV}; {@code production} is refused
     * @param allScopes the scopes a token gets when the request names none
     * @throws IllegalStateException in production, or when the issuer cannot start
     */
    public static DevTokenIssuer start(String vaultEnv, int port, List<String> allScopes, Clock clock) {
        if (!"dev".equals(vaultEnv)) {
            throw new IllegalStateException("the dev token issuer runs only with VAULT_ENV=dev; use Cognito in production");
        }
        try {
            DevTokenIssuer issuer = new DevTokenIssuer(port, allScopes, clock);
            LOG.warn("DEV ONLY token issuer at {} - never use it with real data", issuer.issuer());
            return issuer;
        } catch (IOException | JOSEException e) {
            throw new IllegalStateException("dev token issuer could not start on port " + port, e);
        }
    }

    /** The issuer URL, the value of {@code VAULT_OAUTH_ISSUER} the vault verifies against. */
    public URI issuer() {
        return issuer;
    }

    /** The token endpoint. */
    public URI tokenEndpoint() {
        return URI.create(issuer + "/oauth2/token");
    }

    /** Issues a token directly, for tests and benchmarks in the same process. */
    public String issue(String clientId, List<String> scopes) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer.toString())
                .subject(clientId)
                .claim("client_id", clientId)
                .claim("token_use", "access")
                .claim("scope", String.join(" ", scopes))
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("dev token could not be signed", e);
        }
        return jwt.serialize();
    }

    private void serveJwks(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":\"method_not_allowed\"}");
                return;
            }
            respond(exchange, 200, new JWKSet(signingKey.toPublicJWK()).toString());
        }
    }

    private void serveToken(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, "{\"error\":\"invalid_request\"}");
                return;
            }
            Map<String, String> form = parseForm(exchange.getRequestBody());
            if (!"client_credentials".equals(form.get("grant_type"))) {
                respond(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
                return;
            }
            if (!authenticated(exchange, form)) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"dev-issuer\"");
                respond(exchange, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            String requested = form.getOrDefault("scope", "").trim();
            List<String> scopes = requested.isEmpty() ? allScopes : List.of(requested.split(" +"));
            String token = issue(CLIENT_ID, scopes);
            respond(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + TOKEN_LIFETIME.toSeconds() + "}");
        }
    }

    private static boolean authenticated(HttpExchange exchange, Map<String, String> form) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return false;
            }
            return decoded.equals(CLIENT_ID + ":" + CLIENT_SECRET);
        }
        return CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret"));
    }

    private static Map<String, String> parseForm(InputStream body) throws IOException {
        String text = new String(body.readNBytes(8192), StandardCharsets.UTF_8);
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

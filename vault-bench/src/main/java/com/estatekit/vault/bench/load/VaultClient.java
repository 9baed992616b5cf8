package com.estatekit.vault.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The load generator's API client: one keep-alive HTTP/1.1 connection per calling thread
 * ({@link Http1Connection}), a bearer token from the dev issuer, and request bodies built once up
 * front, so the generator spends as little CPU as possible per request. {@link HttpClient} is used
 * only for the token.
 */
public final class VaultClient implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private final URI api;
    private final String authorization;
    private final ThreadLocal<Http1Connection> connections;
    private final Set<Http1Connection> open = ConcurrentHashMap.newKeySet();

    private VaultClient(URI api, String token) {
        this.api = api;
        this.authorization = "Bearer " + token;
        this.connections = ThreadLocal.withInitial(() -> {
            Http1Connection connection = new Http1Connection(api.getHost(), api.getPort());
            open.add(connection);
            return connection;
        });
    }

    /** An HTTP/1.1 client with keep-alive. */
    public static HttpClient newHttpClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    /**
     * Gets a token with every scope from the dev issuer (client credentials, HTTP Basic), as the
     * dev-mode banner's curl line does.
     */
    public static VaultClient connect(HttpClient http, URI api, URI tokenEndpoint, String clientId, String clientSecret)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(tokenEndpoint).timeout(TIMEOUT)
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        Matcher matcher = ACCESS_TOKEN.matcher(response.body());
        if (response.statusCode() != 200 || !matcher.find()) {
            throw new IOException("the dev token issuer answered " + response.statusCode() + " without an access token");
        }
        return new VaultClient(api, matcher.group(1));
    }

    /** A response: status and body. */
    public record Response(int status, String body) {
    }

    public Response createKey(long userId) throws IOException {
        return connections.get().exchange("POST", "/v1/users/" + userId + "/keys", authorization, null, new byte[0]);
    }

    public Response describeKey(long userId) throws IOException {
        return connections.get().exchange("GET", "/v1/users/" + userId + "/keys", authorization, null, new byte[0]);
    }

    public Response encrypt(long userId, String jsonBody) throws IOException {
        return postJson("/v1/users/" + userId + "/encrypt", jsonBody);
    }

    public Response decrypt(long userId, String jsonBody) throws IOException {
        return postJson("/v1/users/" + userId + "/decrypt", jsonBody);
    }

    public Response rotate(long userId, String jsonBody) throws IOException {
        return postJson("/v1/users/" + userId + "/keys/rotate", jsonBody);
    }

    private Response postJson(String path, String jsonBody) throws IOException {
        return connections.get().exchange("POST", path, authorization, "application/json", jsonBody.getBytes(StandardCharsets.UTF_8));
    }

    /** Closes the calling thread's connection; a load thread calls it when its phase ends. */
    public void closeThreadConnection() {
        Http1Connection connection = connections.get();
        connection.close();
        open.remove(connection);
        connections.remove();
    }

    /** Closes every connection still open. */
    @Override
    public void close() {
        for (Http1Connection connection : open) {
            connection.close();
        }
        open.clear();
    }

    /** {@code {"plaintexts":[…]}}. */
    public static String encryptBody(List<String> plaintexts) {
        return "{\"plaintexts\":" + array(plaintexts) + "}";
    }

    /** {@code {"ciphertexts":[…]}}. */
    public static String decryptBody(List<String> ciphertexts) {
        return "{\"ciphertexts\":" + array(ciphertexts) + "}";
    }

    /** {@code {"values":{…}}}. */
    public static String rotateBody(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{\"values\":{");
        boolean first = true;
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            out.append(quote(value.getKey())).append(':').append(quote(value.getValue()));
        }
        return out.append("}}").toString();
    }

    private static String array(List<String> values) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(values.get(i)));
        }
        return out.append(']').toString();
    }

    /** JSON string literal; the benchmark's own values are ASCII, but quote properly anyway. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}

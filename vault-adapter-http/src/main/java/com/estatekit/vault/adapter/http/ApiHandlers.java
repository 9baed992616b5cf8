package com.estatekit.vault.adapter.http;

import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.CreateUserKey;
import com.estatekit.vault.domain.port.in.DecryptStrings;
import com.estatekit.vault.domain.port.in.DescribeUserKey;
import com.estatekit.vault.domain.port.in.EncryptStrings;
import com.estatekit.vault.domain.port.in.ListKeysDueForRotation;
import com.estatekit.vault.domain.port.in.RotateUserKey;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The eight calls of brief section 5: parse, call the use case, write the documented body. */
final class ApiHandlers {

    static final String JSON = "application/json";

    private static final Set<String> LIST_PARAMETERS = Set.of("rotatedBefore", "limit", "after");

    private final VaultUseCases useCases;
    private final Limits limits;
    private final RequestBodies bodies;
    private final HttpMetrics metrics;

    ApiHandlers(VaultUseCases useCases, Limits limits, HttpMetrics metrics) {
        this.useCases = useCases;
        this.limits = limits;
        this.bodies = new RequestBodies(limits);
        this.metrics = metrics;
    }

    List<ApiRoute> routes() {
        return List.of(
                new ApiRoute(HandlerType.POST, "/v1/users/{userId}/keys", "keys.create", Scope.KEYS_CREATE, false, this::createKey),
                new ApiRoute(HandlerType.GET, "/v1/users/{userId}/keys", "keys.read", Scope.KEYS_READ, false, this::describeKey),
                new ApiRoute(HandlerType.DELETE, "/v1/users/{userId}/keys", "keys.delete", Scope.KEYS_DELETE, false, this::deleteKeys),
                new ApiRoute(HandlerType.POST, "/v1/users/{userId}/encrypt", "encrypt", Scope.ENCRYPT, false, this::encrypt),
                new ApiRoute(HandlerType.POST, "/v1/users/{userId}/decrypt", "decrypt", Scope.DECRYPT, false, this::decrypt),
                new ApiRoute(HandlerType.POST, "/v1/users/{userId}/keys/rotate", "keys.rotate", Scope.KEYS_ROTATE, false, this::rotate),
                new ApiRoute(HandlerType.DELETE, "/v1/users/{userId}/keys/versions/{version}", "keys.retire", Scope.KEYS_DELETE, false,
                        this::retireVersion),
                new ApiRoute(HandlerType.GET, "/v1/keys", "keys.list-due", Scope.KEYS_READ, true, this::listDue));
    }

    private void createKey(Context ctx, Exchange exchange) {
        UserId userId = userId(ctx, exchange);
        // No body is needed; one that is sent is ignored, never parsed.
        CreateUserKey.Result result = useCases.createUserKey().createKey(userId);
        if (result.created()) {
            ctx.header("Location", "/v1/users/" + userId + "/keys");
        }
        respond(ctx, result.created() ? 201 : 200, Json.write(json -> {
            json.writeStartObject();
            json.writeNumberProperty("userId", result.userId().value());
            json.writeBooleanProperty("created", result.created());
            json.writeNumberProperty("keyVersion", result.keyVersion().value());
            json.writeEndObject();
        }));
    }

    private void describeKey(Context ctx, Exchange exchange) {
        UserId userId = userId(ctx, exchange);
        DescribeUserKey.Description key = useCases.describeUserKey().describeKey(userId);
        respond(ctx, 200, Json.write(json -> {
            json.writeStartObject();
            json.writeNumberProperty("userId", key.userId().value());
            json.writeNumberProperty("keyVersion", key.currentVersion().value());
            json.writeStringProperty("algorithm", key.algorithm());
            json.writeStringProperty("publicKey", key.publicKey().base64());
            json.writeStringProperty("createdAt", key.createdAt().toString());
            json.writeName("rotatedAt");
            if (key.rotatedAt().isPresent()) {
                json.writeString(key.rotatedAt().get().toString());
            } else {
                json.writeNull();
            }
            json.writeName("decryptableVersions");
            json.writeStartArray();
            for (KeyVersion version : key.decryptableVersions()) {
                json.writeNumber(version.value());
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    private void deleteKeys(Context ctx, Exchange exchange) {
        useCases.deleteUserKeys().deleteKeys(userId(ctx, exchange));
        ctx.status(204);
    }

    private void encrypt(Context ctx, Exchange exchange) throws IOException {
        UserId userId = userId(ctx, exchange);
        List<String> plaintexts = bodies.encrypt(readJsonBody(ctx));
        accepted(exchange, plaintexts.size());
        EncryptStrings.Result result = useCases.encryptStrings().encrypt(userId, plaintexts);
        respond(ctx, 200, Json.write(json -> {
            json.writeStartObject();
            json.writeNumberProperty("keyVersion", result.keyVersion().value());
            json.writeName("ciphertexts");
            json.writeStartArray();
            for (SealedValue value : result.ciphertexts()) {
                json.writeString(value.format());
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    private void decrypt(Context ctx, Exchange exchange) throws IOException {
        UserId userId = userId(ctx, exchange);
        RequestBodies.DecryptBody body = bodies.decrypt(readJsonBody(ctx));
        accepted(exchange, body.ciphertexts.size());
        if (!body.partial) {
            List<String> plaintexts = useCases.decryptStrings().decryptAll(userId, body.ciphertexts);
            respond(ctx, 200, Json.write(json -> {
                json.writeStartObject();
                writeStrings(json, "plaintexts", plaintexts);
                json.writeEndObject();
            }));
            return;
        }
        DecryptStrings.PartialResult result = useCases.decryptStrings().decryptEach(userId, body.ciphertexts);
        respond(ctx, 200, Json.write(json -> {
            json.writeStartObject();
            writeStrings(json, "plaintexts", result.plaintexts());
            json.writeName("errors");
            json.writeStartArray();
            for (int index : result.failedIndexes()) {
                json.writeStartObject();
                json.writeNumberProperty("index", index);
                json.writeStringProperty("type", ProblemType.CANNOT_OPEN.uri());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }));
    }

    private void rotate(Context ctx, Exchange exchange) throws IOException {
        UserId userId = userId(ctx, exchange);
        Map<String, String> values = bodies.rotate(readJsonBody(ctx));
        accepted(exchange, values.size());
        RotateUserKey.Result result = useCases.rotateUserKey().rotate(userId, values);
        respond(ctx, 200, Json.write(json -> {
            json.writeStartObject();
            json.writeNumberProperty("keyVersion", result.keyVersion().value());
            json.writeNumberProperty("previousKeyVersion", result.previousKeyVersion().value());
            json.writeName("values");
            json.writeStartObject();
            for (Map.Entry<String, SealedValue> value : result.values().entrySet()) {
                json.writeStringProperty(value.getKey(), value.getValue().format());
            }
            json.writeEndObject();
            json.writeEndObject();
        }));
    }

    private void retireVersion(Context ctx, Exchange exchange) {
        UserId userId = userId(ctx, exchange);
        KeyVersion version;
        try {
            version = KeyVersion.parse(ctx.pathParam("version"));
        } catch (IllegalArgumentException notAVersion) {
            throw ApiException.invalid("version", "must be an integer >= 1");
        }
        useCases.retireKeyVersion().retireVersion(userId, version);
        ctx.status(204);
    }

    private void listDue(Context ctx, Exchange exchange) {
        Map<String, List<String>> query = ctx.queryParamMap();
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!LIST_PARAMETERS.contains(parameter.getKey())) {
                throw ApiException.invalid("query", "has a parameter that is not allowed; allowed: after, limit, rotatedBefore");
            }
            if (parameter.getValue().size() > 1) {
                throw ApiException.invalid(parameter.getKey(), "appears more than once");
            }
        }
        Instant before = rotatedBefore(single(query, "rotatedBefore"));
        int limit = limit(single(query, "limit"));
        Optional<UserId> after = Optional.ofNullable(single(query, "after")).map(text -> {
            try {
                return UserId.parse(text);
            } catch (IllegalArgumentException notAnId) {
                throw ApiException.invalid("after", "must be a positive 64-bit integer");
            }
        });
        ListKeysDueForRotation.Page page = useCases.listKeysDueForRotation().listDue(before, after, limit);
        exchange.items = page.userIds().size();
        respond(ctx, 200, Json.write(json -> {
            json.writeStartObject();
            json.writeName("userIds");
            json.writeStartArray();
            for (UserId id : page.userIds()) {
                json.writeNumber(id.value());
            }
            json.writeEndArray();
            json.writeName("next");
            if (page.next().isPresent()) {
                json.writeNumber(page.next().get().value());
            } else {
                json.writeNull();
            }
            json.writeEndObject();
        }));
    }

    /** {@code 2026-01-31} (the start of that day, UTC) or an ISO-8601 date-time with offset. */
    static Instant rotatedBefore(String text) {
        if (text == null || text.isEmpty()) {
            throw ApiException.invalid("rotatedBefore", "is required: a date (2026-01-31) or an instant (2026-01-31T12:00:00Z)");
        }
        try {
            if (text.length() == 10) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notADate) {
            throw ApiException.invalid("rotatedBefore", "must be a date (2026-01-31) or an instant (2026-01-31T12:00:00Z)");
        }
    }

    private static int limit(String text) {
        if (text == null) {
            return 100;
        }
        if (text.isEmpty() || text.length() > 4 || text.charAt(0) == '0' || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw ApiException.invalid("limit", "must be an integer from 1 to " + ListKeysDueForRotation.MAX_LIMIT);
        }
        int limit = Integer.parseInt(text);
        if (limit > ListKeysDueForRotation.MAX_LIMIT) {
            throw ApiException.invalid("limit", "must be an integer from 1 to " + ListKeysDueForRotation.MAX_LIMIT);
        }
        return limit;
    }

    private static String single(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static UserId userId(Context ctx, Exchange exchange) {
        try {
            UserId userId = UserId.parse(ctx.pathParam("userId"));
            exchange.userId = userId;
            return userId;
        } catch (IllegalArgumentException notAnId) {
            throw ApiException.invalid("userId", "must be a positive 64-bit integer");
        }
    }

    private void accepted(Exchange exchange, int items) {
        exchange.items = items;
        metrics.batch(exchange.operation, items);
    }

    /**
     * The body, which must be declared JSON and fit {@link Limits#maxBodyBytes()}. A declared length
     * over the limit is refused before reading; a chunked body is cut off at the limit.
     */
    byte[] readJsonBody(Context ctx) throws IOException {
        if (!isJson(ctx.header("Content-Type"))) {
            throw ApiException.unsupportedMediaType();
        }
        long max = limits.maxBodyBytes();
        long declared = ctx.req().getContentLengthLong();
        if (declared > max) {
            throw ApiException.tooLarge("the request body is larger than " + max + " bytes", max);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(declared > 0 ? (int) declared : 8192);
        byte[] chunk = new byte[16 * 1024];
        try (InputStream in = ctx.req().getInputStream()) {
            int read;
            long total = 0;
            while ((read = in.read(chunk)) != -1) {
                total += read;
                if (total > max) {
                    throw ApiException.tooLarge("the request body is larger than " + max + " bytes", max);
                }
                body.write(chunk, 0, read);
            }
        }
        return body.toByteArray();
    }

    /** {@code application/json}, optionally with {@code charset=utf-8}; nothing else. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String[] parts = contentType.split(";", -1);
        if (!parts[0].strip().equalsIgnoreCase(JSON)) {
            return false;
        }
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.isEmpty()) {
                continue;
            }
            int equals = parameter.indexOf('=');
            if (equals < 0) {
                return false;
            }
            String name = parameter.substring(0, equals).strip();
            String value = parameter.substring(equals + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            if (!name.equalsIgnoreCase("charset") || !value.equalsIgnoreCase("utf-8")) {
                return false;
            }
        }
        return true;
    }

    private static void writeStrings(tools.jackson.core.JsonGenerator json, String name, List<String> values) {
        json.writeName(name);
        json.writeStartArray();
        for (String value : values) {
            if (value == null) {
                json.writeNull();
            } else {
                json.writeString(value);
            }
        }
        json.writeEndArray();
    }

    private static void respond(Context ctx, int status, byte[] json) {
        ctx.status(status);
        ctx.contentType(JSON);
        ctx.result(json);
    }
}

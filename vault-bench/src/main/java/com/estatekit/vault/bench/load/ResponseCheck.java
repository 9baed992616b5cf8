package com.estatekit.vault.bench.load;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks every response the load benchmark gets against the API contract of brief section 5, so
 * a wrong answer is counted as an error and never as throughput. Reasons never contain plaintext
 * or ciphertext, only the status, the problem {@code type} and which check failed.
 */
public final class ResponseCheck {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private ResponseCheck() {
    }

    /** What an encrypt returned. */
    public record Encrypted(int keyVersion, List<String> ciphertexts) {
    }

    /** What a rotation returned. */
    public record Rotated(int keyVersion, Map<String, String> values) {
    }

    /** {@code 201 {"userId":id,"created":true,"keyVersion":1}}. */
    public static void keyCreated(int status, String body, long userId) throws BadResponse {
        JsonNode json = object(status, 201, body);
        requireLong(json, "userId", userId);
        JsonNode created = json.get("created");
        if (created == null || !created.isBoolean() || !created.asBoolean()) {
            throw new BadResponse("created is not true");
        }
        requireInt(json, "keyVersion", 1);
    }

    /**
     * {@code 200 {"keyVersion":n,"ciphertexts":[...]}} with exactly {@code expectedCount} values in the
     * {@code ek1:<n>:} format.
     */
    public static Encrypted encrypted(int status, String body, int expectedCount) throws BadResponse {
        JsonNode json = object(status, 200, body);
        int version = positiveInt(json, "keyVersion");
        List<String> ciphertexts = strings(json, "ciphertexts", expectedCount);
        String prefix = "ek1:" + version + ":";
        for (String ciphertext : ciphertexts) {
            if (!ciphertext.startsWith(prefix) || ciphertext.length() <= prefix.length()) {
                throw new BadResponse("ciphertext not in ek1:" + version + ": format");
            }
        }
        return new Encrypted(version, ciphertexts);
    }

    /** {@code 200 {"plaintexts":[...]}} equal, in order, to what was encrypted. */
    public static void decrypted(int status, String body, List<String> expected) throws BadResponse {
        JsonNode json = object(status, 200, body);
        List<String> plaintexts = strings(json, "plaintexts", expected.size());
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(plaintexts.get(i))) {
                throw new BadResponse("plaintext " + i + " does not round-trip");
            }
        }
    }

    /**
     * {@code 200 {"keyVersion":n+1,"previousKeyVersion":n,"values":{...}}} with the same names, each
     * value in the {@code ek1:<n+1>:} format.
     */
    public static Rotated rotated(int status, String body, int previousVersion, Collection<String> names) throws BadResponse {
        JsonNode json = object(status, 200, body);
        requireInt(json, "keyVersion", previousVersion + 1);
        requireInt(json, "previousKeyVersion", previousVersion);
        JsonNode values = json.get("values");
        if (values == null || !values.isObject()) {
            throw new BadResponse("values is not an object");
        }
        if (values.size() != names.size()) {
            throw new BadResponse("values has " + values.size() + " entries, expected " + names.size());
        }
        String prefix = "ek1:" + (previousVersion + 1) + ":";
        Map<String, String> rotated = new LinkedHashMap<>();
        for (String name : names) {
            JsonNode value = values.get(name);
            if (value == null || !value.isString() || !value.stringValue().startsWith(prefix)) {
                throw new BadResponse("rotated value missing or not in ek1:" + (previousVersion + 1) + ": format");
            }
            rotated.put(name, value.stringValue());
        }
        return new Rotated(previousVersion + 1, rotated);
    }

    private static JsonNode object(int status, int expectedStatus, String body) throws BadResponse {
        if (status != expectedStatus) {
            throw new BadResponse("status " + status + problemType(body));
        }
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (JacksonException notJson) {
            throw new BadResponse("body is not JSON");
        }
        if (json == null || !json.isObject()) {
            throw new BadResponse("body is not a JSON object");
        }
        return json;
    }

    /** {@code " (type …)"} of a problem+json body, or nothing. */
    static String problemType(String body) {
        try {
            JsonNode json = JSON.readTree(body);
            JsonNode type = json == null ? null : json.get("type");
            return type != null && type.isString() ? " (" + type.stringValue() + ")" : "";
        } catch (JacksonException | IllegalArgumentException notJson) {
            return "";
        }
    }

    private static List<String> strings(JsonNode json, String field, int expectedCount) throws BadResponse {
        JsonNode array = json.get(field);
        if (array == null || !array.isArray()) {
            throw new BadResponse(field + " is not an array");
        }
        if (array.size() != expectedCount) {
            throw new BadResponse(field + " has " + array.size() + " items, expected " + expectedCount);
        }
        List<String> values = new ArrayList<>(array.size());
        for (JsonNode item : array) {
            if (!item.isString()) {
                throw new BadResponse(field + " has an item that is not a string");
            }
            values.add(item.stringValue());
        }
        return values;
    }

    private static int positiveInt(JsonNode json, String field) throws BadResponse {
        JsonNode value = json.get(field);
        if (value == null || !value.isInt() || value.intValue() < 1) {
            throw new BadResponse(field + " is not a positive integer");
        }
        return value.intValue();
    }

    private static void requireInt(JsonNode json, String field, int expected) throws BadResponse {
        JsonNode value = json.get(field);
        if (value == null || !value.isInt() || value.intValue() != expected) {
            throw new BadResponse(field + " is not " + expected);
        }
    }

    private static void requireLong(JsonNode json, String field, long expected) throws BadResponse {
        JsonNode value = json.get(field);
        if (value == null || !value.isIntegralNumber() || value.longValue() != expected) {
            throw new BadResponse(field + " is not " + expected);
        }
    }
}

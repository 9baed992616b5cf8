package com.estatekit.vault.adapter.http;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

/**
 * Reads the three request bodies strictly, token by token: one JSON object, only the documented
 * fields, each at most once, no trailing content. Item counts and sizes are checked as items
 * arrive, so an oversized batch is refused before it is all in memory as strings. Errors name the
 * field and index, never the content; parser messages (which may quote input) are never used.
 */
final class RequestBodies {

    /** The decrypt body: the ciphertexts and whether per-item results are wanted. */
    static final class DecryptBody {
        final List<String> ciphertexts;
        final boolean partial;

        DecryptBody(List<String> ciphertexts, boolean partial) {
            this.ciphertexts = ciphertexts;
            this.partial = partial;
        }
    }

    private interface FieldReader {
        void read(String field, JsonParser parser);
    }

    private interface ItemCheck {
        void check(String field, int index, String item);
    }

    private final Limits limits;

    RequestBodies(Limits limits) {
        this.limits = limits;
    }

    /** {@code {"plaintexts":["…"]}}. */
    List<String> encrypt(byte[] body) {
        List<List<String>> plaintexts = new ArrayList<>(1);
        readObject(body, Set.of("plaintexts"), Set.of("plaintexts"),
                (field, parser) -> plaintexts.add(readStrings(parser, field, this::checkPlaintextSize)));
        return plaintexts.get(0);
    }

    /** {@code {"ciphertexts":["ek1:…"],"partial":false}}; {@code partial} is optional. */
    DecryptBody decrypt(byte[] body) {
        List<List<String>> ciphertexts = new ArrayList<>(1);
        boolean[] partial = {false};
        readObject(body, Set.of("ciphertexts", "partial"), Set.of("ciphertexts"), (field, parser) -> {
            if (field.equals("partial")) {
                JsonToken token = parser.currentToken();
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw ApiException.invalid("partial", "must be true or false");
                }
                partial[0] = token == JsonToken.VALUE_TRUE;
            } else {
                ciphertexts.add(readStrings(parser, field, this::checkCiphertextSize));
            }
        });
        return new DecryptBody(ciphertexts.get(0), partial[0]);
    }

    /** {@code {"values":{"name":"ek1:…"}}}, names in request order. */
    Map<String, String> rotate(byte[] body) {
        List<Map<String, String>> values = new ArrayList<>(1);
        readObject(body, Set.of("values"), Set.of("values"), (field, parser) -> values.add(readNamedStrings(parser, field)));
        return values.get(0);
    }

    private void readObject(byte[] body, Set<String> allowed, Set<String> required, FieldReader reader) {
        if (body.length == 0) {
            throw ApiException.invalid("body", "is required: a JSON object");
        }
        try (JsonParser parser = Json.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.invalid("body", "must be a JSON object");
            }
            Set<String> seen = new HashSet<>();
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
                String field = parser.currentName();
                if (!allowed.contains(field)) {
                    // The unknown name is not echoed: a confused client may have put data there.
                    throw ApiException.invalid("body", "has a field that is not allowed; allowed fields: "
                            + String.join(", ", new java.util.TreeSet<>(allowed)));
                }
                if (!seen.add(field)) {
                    throw ApiException.invalid(field, "appears more than once");
                }
                parser.nextToken();
                reader.read(field, parser);
            }
            if (token != JsonToken.END_OBJECT) {
                throw malformed(parser);
            }
            if (parser.nextToken() != null) {
                throw ApiException.malformedJson("unexpected content after the JSON object");
            }
            for (String field : new java.util.TreeSet<>(required)) {
                if (!seen.contains(field)) {
                    throw ApiException.invalid(field, "is required");
                }
            }
        } catch (JacksonException notJson) {
            throw malformed(notJson.getLocation());
        }
    }

    private List<String> readStrings(JsonParser parser, String field, ItemCheck check) {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw ApiException.invalid(field, "must be an array of strings");
        }
        List<String> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            int index = items.size();
            if (token == null) {
                throw malformed(parser);
            }
            if (index >= limits.maxItemsPerBatch()) {
                throw ApiException.tooLarge(field + " has more than " + limits.maxItemsPerBatch() + " items",
                        limits.maxItemsPerBatch());
            }
            String item = requireString(token, parser, field, index);
            check.check(field, index, item);
            items.add(item);
        }
        return items;
    }

    private Map<String, String> readNamedStrings(JsonParser parser, String field) {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw ApiException.invalid(field, "must be an object mapping names to ciphertexts");
        }
        Map<String, String> values = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            int index = values.size();
            if (index >= limits.maxItemsPerBatch()) {
                throw ApiException.tooLarge(field + " has more than " + limits.maxItemsPerBatch() + " items",
                        limits.maxItemsPerBatch());
            }
            String name = parser.currentName();
            if (name.isEmpty() || name.length() > Limits.MAX_NAME_CHARS) {
                throw ApiException.invalidItem(field, index, "name must be 1.." + Limits.MAX_NAME_CHARS + " characters");
            }
            if (values.containsKey(name)) {
                throw ApiException.invalidItem(field, index, "repeats an earlier name");
            }
            String value = requireString(parser.nextToken(), parser, field, index);
            checkCiphertextSize(field, index, value);
            values.put(name, value);
        }
        if (token != JsonToken.END_OBJECT) {
            throw malformed(parser);
        }
        return values;
    }

    private static String requireString(JsonToken token, JsonParser parser, String field, int index) {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        if (token == JsonToken.VALUE_NULL) {
            throw ApiException.invalidItem(field, index, "must be a string, not null");
        }
        throw ApiException.invalidItem(field, index, "must be a string");
    }

    private void checkPlaintextSize(String field, int index, String item) {
        // A UTF-16 char is 1..3 UTF-8 bytes (a surrogate pair 4 for two chars): count only when it matters.
        if (item.length() * 3L <= limits.maxItemBytes()) {
            return;
        }
        if (item.length() > limits.maxItemBytes() || utf8Length(item) > limits.maxItemBytes()) {
            throw ApiException.itemTooLarge(field, index, limits.maxItemBytes(), "UTF-8 bytes");
        }
    }

    private void checkCiphertextSize(String field, int index, String item) {
        if (item.length() > limits.maxCiphertextChars()) {
            throw ApiException.itemTooLarge(field, index, limits.maxCiphertextChars(), "characters");
        }
    }

    /** UTF-8 length without encoding; a lone surrogate counts 3 (the use case refuses it anyway). */
    static long utf8Length(String text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    private static ApiException malformed(JsonParser parser) {
        return malformed(parser.currentLocation());
    }

    private static ApiException malformed(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return ApiException.malformedJson("the body is not well-formed JSON");
        }
        return ApiException.malformedJson("the body is not well-formed JSON (line " + location.getLineNr()
                + ", column " + location.getColumnNr() + ")");
    }
}

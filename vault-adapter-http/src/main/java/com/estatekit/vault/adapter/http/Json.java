package com.estatekit.vault.adapter.http;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Jackson's streaming API, shared: no data binding, no reflection per request. Request bodies are
 * read token by token ({@link RequestBodies}) so shape, count and size are checked while parsing.
 */
final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(16)
                    .maxNumberLength(32)
                    .maxNameLength(4096)
                    .build())
            .build();

    private Json() {
    }

    static JsonParser parser(byte[] body) {
        return FACTORY.createParser(ObjectReadContext.empty(), body);
    }

    /** Writes one JSON document and returns its UTF-8 bytes. */
    static byte[] write(Consumer<JsonGenerator> body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            body.accept(generator);
        }
        return out.toByteArray();
    }

    /** Writes a value built from maps, lists, strings, numbers, booleans and nulls. */
    static void writeValue(JsonGenerator generator, Object value) {
        if (value == null) {
            generator.writeNull();
        } else if (value instanceof String) {
            generator.writeString((String) value);
        } else if (value instanceof Integer) {
            generator.writeNumber((Integer) value);
        } else if (value instanceof Long) {
            generator.writeNumber((Long) value);
        } else if (value instanceof Boolean) {
            generator.writeBoolean((Boolean) value);
        } else if (value instanceof Map) {
            generator.writeStartObject();
            for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                generator.writeName(String.valueOf(entry.getKey()));
                writeValue(generator, entry.getValue());
            }
            generator.writeEndObject();
        } else if (value instanceof List) {
            generator.writeStartArray();
            for (Object item : (List<?>) value) {
                writeValue(generator, item);
            }
            generator.writeEndArray();
        } else {
            throw new IllegalArgumentException("unsupported JSON value type " + value.getClass().getName());
        }
    }
}

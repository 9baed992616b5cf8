package com.estatekit.vault.adapter.http;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One structured event per API call on the logger {@value #LOGGER_NAME}: who (client, subject),
 * what (operation, user, item count), how it ended (status, outcome, reason) and how long it took.
 * The fields go both into the message as {@code key=value} and into SLF4J key-value pairs, for
 * JSON encoders. Never content: no plaintext, ciphertext, key, token or value name.
 */
final class AuditLog {

    static final String LOGGER_NAME = "estatekit.vault.audit";

    private static final Logger AUDIT = LoggerFactory.getLogger(LOGGER_NAME);
    private static final int MAX_VALUE_CHARS = 128;

    void record(Exchange exchange, String method, String route, int status, long latencyMillis) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("event", "vault.api.call");
        fields.put("time", exchange.startedAt.toString());
        fields.put("requestId", exchange.requestId);
        fields.put("clientId", exchange.principal == null ? "-" : safe(exchange.principal.clientId()));
        fields.put("subject", exchange.principal == null ? "-" : safe(exchange.principal.subject()));
        fields.put("operation", exchange.operation);
        fields.put("userId", exchange.userId == null ? "-" : exchange.userId.toString());
        fields.put("items", exchange.items < 0 ? "-" : Integer.toString(exchange.items));
        fields.put("method", method);
        fields.put("route", route);
        fields.put("status", Integer.toString(status));
        fields.put("outcome", Outcome.of(status));
        fields.put("reason", exchange.failureReason == null ? "-" : exchange.failureReason);
        fields.put("latencyMs", Long.toString(latencyMillis));

        StringBuilder message = new StringBuilder(256);
        LoggingEventBuilder event = AUDIT.atInfo();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (message.length() > 0) {
                message.append(' ');
            }
            message.append(field.getKey()).append('=').append(field.getValue());
            event = event.addKeyValue(field.getKey(), field.getValue());
        }
        event.log(message.toString());
    }

    /** Claims are verified but still client-chosen: keep a safe alphabet and a bounded length. */
    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(value.length(), MAX_VALUE_CHARS));
        for (int i = 0; i < value.length() && out.length() < MAX_VALUE_CHARS; i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == ':' || c == '@' || c == '/' || c == '+';
            out.append(allowed ? c : '?');
        }
        return out.toString();
    }
}

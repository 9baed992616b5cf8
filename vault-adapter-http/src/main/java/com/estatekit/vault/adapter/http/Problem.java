package com.estatekit.vault.adapter.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One RFC 9457 problem: type, status, a secret-free detail, extension members and extra headers.
 * {@code auditReason} goes to the audit event only, never to the client.
 */
final class Problem {

    private final ProblemType type;
    private final int status;
    private final String detail;
    private final Map<String, Object> extensions = new LinkedHashMap<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private String auditReason;

    Problem(ProblemType type, String detail) {
        this(type, type.status(), detail);
    }

    Problem(ProblemType type, int status, String detail) {
        this.type = Objects.requireNonNull(type, "type");
        this.status = status;
        this.detail = Objects.requireNonNull(detail, "detail");
    }

    Problem with(String member, Object value) {
        extensions.put(member, value);
        return this;
    }

    Problem header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    Problem auditReason(String reason) {
        this.auditReason = reason;
        return this;
    }

    ProblemType type() {
        return type;
    }

    int status() {
        return status;
    }

    String title() {
        return type.title();
    }

    String detail() {
        return detail;
    }

    Map<String, Object> extensions() {
        return Collections.unmodifiableMap(extensions);
    }

    Map<String, String> headers() {
        return Collections.unmodifiableMap(headers);
    }

    /** Why, for the audit event (a fixed code such as {@code expired}); {@code null} when nothing to add. */
    String auditReason() {
        return auditReason;
    }
}

package com.estatekit.vault.adapter.http;

/**
 * Every problem type the API answers with. The URIs are a public contract: clients branch on
 * {@code type}, never on {@code title} or {@code detail}.
 */
enum ProblemType {
    INVALID_INPUT(400, "invalid-input", "Invalid input"),
    MALFORMED_JSON(400, "malformed-json", "Malformed JSON"),
    MALFORMED_REQUEST(400, "malformed-request", "Malformed request"),
    UNAUTHENTICATED(401, "unauthenticated", "Valid access token required"),
    INSUFFICIENT_SCOPE(403, "insufficient-scope", "Missing scope"),
    KEY_NOT_FOUND(404, "key-not-found", "No such key"),
    NOT_FOUND(404, "not-found", "No such resource"),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed"),
    KEY_CHANGE_CONFLICT(409, "key-change-conflict", "Conflicting key change"),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "Request too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Unsupported media type"),
    CANNOT_OPEN(422, "cannot-open", "Ciphertext cannot be opened"),
    RATE_LIMITED(429, "rate-limited", "Too many requests"),
    INTERNAL_ERROR(500, "internal-error", "Internal error"),
    DEPENDENCY_UNAVAILABLE(503, "dependency-unavailable", "Dependency unavailable"),
    KEY_MATERIAL_UNUSABLE(503, "key-material-unusable", "Stored key material unusable"),
    ISSUER_UNAVAILABLE(503, "issuer-unavailable", "Token issuer unavailable"),
    SERVICE_UNAVAILABLE(503, "service-unavailable", "Service unavailable"),
    HTTP_ERROR(0, "http-error", "HTTP error");

    /** Where every type URI starts. */
    static final String BASE = "https://estatekit.com/problems/";

    private final int status;
    private final String slug;
    private final String title;

    ProblemType(int status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
    }

    /** The HTTP status; {@code 0} for {@link #HTTP_ERROR}, whose status comes from the protocol error. */
    int status() {
        return status;
    }

    String uri() {
        return BASE + slug;
    }

    String title() {
        return title;
    }

    /** The type for a protocol-level error Jetty or Javalin raised with {@code status}. */
    static ProblemType forProtocolStatus(int status) {
        switch (status) {
            case 400: return MALFORMED_REQUEST;
            case 404: return NOT_FOUND;
            case 405: return METHOD_NOT_ALLOWED;
            case 413: return PAYLOAD_TOO_LARGE;
            case 415: return UNSUPPORTED_MEDIA_TYPE;
            case 500: return INTERNAL_ERROR;
            case 503: return SERVICE_UNAVAILABLE;
            default: return HTTP_ERROR;
        }
    }
}

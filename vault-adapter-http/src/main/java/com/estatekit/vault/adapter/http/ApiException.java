package com.estatekit.vault.adapter.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A failure the HTTP layer itself detects (bad input shape, limits, content type, authentication,
 * scope). Carries its {@link Problem}; no stack trace, since it is an expected outcome.
 */
final class ApiException extends RuntimeException {

    private final transient Problem problem;

    ApiException(Problem problem) {
        super(problem.type().name(), null, false, false);
        this.problem = problem;
    }

    Problem problem() {
        return problem;
    }

    static ApiException invalid(String field, String reason) {
        return new ApiException(new Problem(ProblemType.INVALID_INPUT, field + " " + reason)
                .with("errors", List.of(Map.of("field", field, "reason", reason))));
    }

    static ApiException invalidItem(String field, int index, String reason) {
        return new ApiException(new Problem(ProblemType.INVALID_INPUT, field + "[" + index + "] " + reason)
                .with("errors", List.of(Map.of("field", field, "index", index, "reason", reason))));
    }

    static ApiException malformedJson(String detail) {
        return new ApiException(new Problem(ProblemType.MALFORMED_JSON, detail));
    }

    static ApiException tooLarge(String detail, long limit) {
        return new ApiException(new Problem(ProblemType.PAYLOAD_TOO_LARGE, detail).with("limit", limit));
    }

    static ApiException itemTooLarge(String field, int index, long limit, String unit) {
        return new ApiException(new Problem(ProblemType.PAYLOAD_TOO_LARGE,
                field + "[" + index + "] is longer than " + limit + " " + unit)
                .with("field", field).with("index", index).with("limit", limit));
    }

    static ApiException unsupportedMediaType() {
        return new ApiException(new Problem(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                "the request body must be JSON: Content-Type: application/json (UTF-8)"));
    }

    /**
     * 401. Per RFC 6750 the challenge carries {@code error="invalid_token"} only when a credential
     * was presented.
     */
    static ApiException unauthenticated(boolean credentialPresented, String auditReason) {
        String challenge = credentialPresented
                ? "Bearer realm=\"estatekit-vault\", error=\"invalid_token\""
                : "Bearer realm=\"estatekit-vault\"";
        String detail = credentialPresented
                ? "the access token is not valid for this API"
                : "a bearer access token is required";
        return new ApiException(new Problem(ProblemType.UNAUTHENTICATED, detail)
                .header("WWW-Authenticate", challenge)
                .auditReason(auditReason));
    }

    static ApiException issuerUnavailable(Duration retryAfter) {
        return new ApiException(new Problem(ProblemType.ISSUER_UNAVAILABLE,
                "the token issuer's signing keys cannot be fetched; retry later")
                .header("Retry-After", Long.toString(Problems.retryAfterSeconds(retryAfter)))
                .auditReason("issuer_unavailable"));
    }

    static ApiException rateLimited() {
        return new ApiException(new Problem(ProblemType.RATE_LIMITED, "this client exceeded its request rate; retry later")
                .header("Retry-After", "1").auditReason("rate_limited"));
    }

    static ApiException missingScope(String scope) {
        return new ApiException(new Problem(ProblemType.INSUFFICIENT_SCOPE, "this call needs the scope " + scope)
                .with("requiredScope", scope)
                .header("WWW-Authenticate", "Bearer realm=\"estatekit-vault\", error=\"insufficient_scope\", scope=\"" + scope + "\"")
                .auditReason("missing_scope"));
    }
}

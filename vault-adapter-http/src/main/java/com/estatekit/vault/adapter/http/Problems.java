package com.estatekit.vault.adapter.http;

import com.estatekit.vault.domain.model.CannotOpenException;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.VaultException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where every failure becomes a {@code application/problem+json} response: the
 * HTTP layer's own {@link ApiException}s, the domain's sealed {@link VaultException} family, the
 * framework's errors (unknown route, wrong method, body too large), and anything unexpected (a
 * bare 500 whose log line carries exception classes and stack frames but no message, because
 * messages of third-party exceptions may quote input).
 */
final class Problems {

    static final String CONTENT_TYPE = "application/problem+json";

    private static final Logger LOG = LoggerFactory.getLogger(Problems.class);

    /** A stored key that cannot be unwrapped is not transient; clients should not hammer. */
    static final Duration KEY_MATERIAL_RETRY_AFTER = Duration.ofSeconds(60);

    private Problems() {
    }

    static Problem toProblem(Throwable failure) {
        if (failure instanceof ApiException) {
            return ((ApiException) failure).problem();
        }
        if (failure instanceof VaultException) {
            return fromDomain((VaultException) failure);
        }
        if (failure instanceof HttpResponseException) {
            return fromFramework((HttpResponseException) failure);
        }
        LOG.error("unexpected failure, answered 500: {}", SafeThrowables.describe(failure));
        return new Problem(ProblemType.INTERNAL_ERROR, "the vault failed unexpectedly; the request id identifies it in the logs");
    }

    /**
     * The domain's closed failure set, one branch per permitted subclass (Java 17 has no pattern
     * switch; {@code ProblemsTest} walks {@code getPermittedSubclasses()} so a new type cannot be
     * missed). Domain messages carry ids and indexes only, so they serve as {@code detail}.
     */
    static Problem fromDomain(VaultException failure) {
        if (failure instanceof InvalidInputException) {
            InvalidInputException e = (InvalidInputException) failure;
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("field", e.field());
            e.index().ifPresent(index -> error.put("index", index));
            return new Problem(ProblemType.INVALID_INPUT, e.getMessage()).with("errors", List.of(error));
        }
        if (failure instanceof KeyNotFoundException) {
            return new Problem(ProblemType.KEY_NOT_FOUND, failure.getMessage());
        }
        if (failure instanceof CannotOpenException) {
            CannotOpenException e = (CannotOpenException) failure;
            return new Problem(ProblemType.CANNOT_OPEN, e.getMessage()).with("index", e.index());
        }
        if (failure instanceof KeyChangeConflictException) {
            return new Problem(ProblemType.KEY_CHANGE_CONFLICT, failure.getMessage());
        }
        if (failure instanceof DependencyUnavailableException) {
            DependencyUnavailableException e = (DependencyUnavailableException) failure;
            return new Problem(ProblemType.DEPENDENCY_UNAVAILABLE, e.getMessage())
                    .with("dependency", e.dependency().name().toLowerCase(java.util.Locale.ROOT))
                    .header("Retry-After", Long.toString(retryAfterSeconds(e.retryAfter())))
                    .auditReason(e.dependency().name().toLowerCase(java.util.Locale.ROOT) + "_unavailable");
        }
        if (failure instanceof KeyMaterialUnusableException) {
            // A security event (altered or moved wrapped key): operators must see it; the client
            // only learns that the service cannot serve this key now.
            LOG.warn("security: {}", failure.getMessage());
            return new Problem(ProblemType.KEY_MATERIAL_UNUSABLE,
                    "stored key material for this user cannot be used; operators have been alerted")
                    .header("Retry-After", Long.toString(retryAfterSeconds(KEY_MATERIAL_RETRY_AFTER)))
                    .auditReason("key_material_unusable");
        }
        LOG.error("unmapped domain failure {}, answered 500", failure.getClass().getName());
        return new Problem(ProblemType.INTERNAL_ERROR, "the vault failed unexpectedly; the request id identifies it in the logs");
    }

    /** Javalin's own errors: unknown route (404), wrong method (405), body over its limit (413). */
    static Problem fromFramework(HttpResponseException failure) {
        int status = failure.getStatus();
        ProblemType type = ProblemType.forProtocolStatus(status);
        switch (status) {
            case 404:
                return new Problem(type, "no route matches this path");
            case 405: {
                Problem problem = new Problem(type, "this path does not support the method");
                String allowed = failure.getDetails().get("availableMethods");
                if (allowed == null) {
                    allowed = failure.getDetails().get("Available methods");
                }
                if (allowed != null) {
                    problem.header("Allow", allowed);
                }
                return problem;
            }
            case 413:
                return new Problem(type, "the request body is too large");
            default:
                return new Problem(type, status, "the request failed with HTTP status " + status);
        }
    }

    static byte[] toJson(Problem problem, String requestId) {
        return Json.write(generator -> {
            generator.writeStartObject();
            generator.writeStringProperty("type", problem.type().uri());
            generator.writeStringProperty("title", problem.title());
            generator.writeNumberProperty("status", problem.status());
            generator.writeStringProperty("detail", problem.detail());
            if (requestId != null) {
                generator.writeStringProperty("requestId", requestId);
            }
            for (Map.Entry<String, Object> member : problem.extensions().entrySet()) {
                generator.writeName(member.getKey());
                Json.writeValue(generator, member.getValue());
            }
            generator.writeEndObject();
        });
    }

    /** Answers {@code ctx} with {@code problem}. */
    static void write(Context ctx, Problem problem, String requestId) {
        problem.headers().forEach(ctx::header);
        ctx.status(problem.status());
        ctx.contentType(CONTENT_TYPE);
        ctx.result(toJson(problem, requestId));
    }

    /** Whole seconds, rounded up, at least 1. */
    static long retryAfterSeconds(Duration retryAfter) {
        long millis = retryAfter == null ? 1000 : retryAfter.toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }
}

package com.estatekit.vault.adapter.http;

import com.estatekit.vault.domain.model.UserId;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Pattern;

/** What one API call accumulates for its audit event and metrics. Never any content. */
final class Exchange {

    static final String REQUEST_ID_HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "estatekit.exchange";
    private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    final String requestId;
    final Instant startedAt;
    final long startNanos;
    Principal principal;
    String operation = "unknown";
    UserId userId;
    int items = -1;
    String failureReason;

    private Exchange(String requestId, Instant startedAt, long startNanos) {
        this.requestId = requestId;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
    }

    /** Starts the exchange of {@code ctx}, taking a well-formed incoming request id or making one. */
    static Exchange begin(Context ctx, Instant now) {
        String incoming = ctx.header(REQUEST_ID_HEADER);
        String requestId = incoming != null && SAFE_REQUEST_ID.matcher(incoming).matches()
                ? incoming : UUID.randomUUID().toString();
        Exchange exchange = new Exchange(requestId, now, System.nanoTime());
        ctx.attribute(ATTRIBUTE, exchange);
        return exchange;
    }

    /** The exchange of {@code ctx}, or {@code null} if the request never reached the API filter. */
    static Exchange of(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }
}

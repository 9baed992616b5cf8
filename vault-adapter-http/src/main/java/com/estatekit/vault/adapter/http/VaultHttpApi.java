package com.estatekit.vault.adapter.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.router.ParsedEndpoint;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's REST API (brief section 5) on its own port.
 *
 * <p>Every request, whatever its path or method, is authenticated first: without a valid access
 * token it is a {@code 401}; only then does routing answer {@code 404} or {@code 405}. Each route
 * then checks its scope ({@code 403}), its input ({@code 400}, {@code 413}, {@code 415}) and calls
 * its use case. Every failure is answered as {@code application/problem+json} by {@link Problems};
 * every call is audited on {@value AuditLog#LOGGER_NAME} and timed in {@code http.server.requests};
 * every response carries {@code X-Request-Id} and {@code Cache-Control: no-store}.
 *
 * <pre>{@code
 * VaultHttpApi api = new VaultHttpApi(useCases, AuthConfig.forIssuer(issuer), ApiConfig.onPort(8080),
 *         meterRegistry, Clock.systemUTC()).start();
 * ...
 * api.stop(); // stops taking requests, lets in-flight ones finish within the grace period
 * }</pre>
 */
public final class VaultHttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VaultHttpApi.class);

    private final Javalin javalin;
    private final TokenVerifier verifier;
    private final List<ApiRoute> routes;
    private final AuditLog audit = new AuditLog();
    private final HttpMetrics metrics;
    private final ClientRateLimiter rateLimiter;
    private final Clock clock;

    /**
     * Builds the API; nothing listens until {@link #start()}.
     *
     * @param useCases the use cases the routes call
     * @param auth how access tokens are verified
     * @param config port, limits and shutdown grace period
     * @param meterRegistry where request metrics go (the management port scrapes it)
     * @param clock time for token expiry checks and audit events
     */
    public VaultHttpApi(VaultUseCases useCases, AuthConfig auth, ApiConfig config, MeterRegistry meterRegistry, Clock clock) {
        Objects.requireNonNull(useCases, "useCases");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(config, "config");
        this.metrics = new HttpMetrics(Objects.requireNonNull(meterRegistry, "meterRegistry"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.verifier = new TokenVerifier(auth, clock);
        this.rateLimiter = new ClientRateLimiter(config.rateLimit(), System::nanoTime);
        this.routes = new ApiHandlers(useCases, config.limits(), metrics).routes();
        this.javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.http.prefer405over404 = true;
            cfg.http.maxRequestSize = config.limits().maxBodyBytes();
            // Ciphertext does not compress, and compressing secrets next to chosen input invites BREACH.
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.http.defaultContentType = ApiHandlers.JSON;
            cfg.router.ignoreTrailingSlashes = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.jetty.modifyServer(server -> {
                server.setStopTimeout(config.shutdownGrace().toMillis());
                server.setErrorHandler(new ProblemJsonErrorHandler());
                server.insertHandler(new GracefulHandler());
            });
            cfg.routes.before(this::authenticate);
            for (ApiRoute route : routes) {
                cfg.routes.addHttpHandler(route.method(), route.path(), ctx -> guarded(route, ctx));
            }
            cfg.routes.exception(HttpResponseException.class, this::fail);
            cfg.routes.exception(Exception.class, this::fail);
            cfg.requestLogger.http(this::finish);
        });
    }

    /** Starts listening. @return this */
    public VaultHttpApi start() {
        javalin.start();
        LOG.info("vault API listening on port {}", port());
        return this;
    }

    /** The port the API listens on (the real one when configured with 0). */
    public int port() {
        return javalin.port();
    }

    /**
     * Stops gracefully: no new requests (new ones get 503 while draining), in-flight ones finish
     * within the configured grace period, then the listener closes.
     */
    public void stop() {
        try {
            javalin.stop();
        } finally {
            try {
                verifier.close();
            } catch (IOException ignored) {
                LOG.debug("closing the key set source failed");
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The route table the API was built from. */
    List<ApiRoute> routes() {
        return routes;
    }

    /** The full scope name a route needs, under the configured prefix. */
    String scopeOf(ApiRoute route) {
        return verifier.scopeName(route.scope());
    }

    /** What Javalin has registered, as {@code "METHOD /path"}: for the OpenAPI coverage test. */
    List<String> registeredRoutes() {
        List<String> registered = new ArrayList<>();
        for (ParsedEndpoint endpoint : javalin.unsafe.internalRouter.allHttpHandlers()) {
            HandlerType method = endpoint.endpoint.method;
            if (method.isHttpMethod()) {
                registered.add(method.name() + " " + endpoint.endpoint.path);
            }
        }
        return registered;
    }

    private void authenticate(Context ctx) {
        Exchange exchange = Exchange.begin(ctx, clock.instant());
        ctx.header(Exchange.REQUEST_ID_HEADER, exchange.requestId);
        ctx.header("Cache-Control", "no-store");
        ctx.header("X-Content-Type-Options", "nosniff");
        exchange.principal = verifier.authenticate(ctx.header("Authorization"));
        if (!rateLimiter.tryAcquire(exchange.principal.clientId())) {
            throw ApiException.rateLimited();
        }
        if (ctx.method() == HandlerType.HEAD) {
            // Javalin answers HEAD for a GET route itself, skipping the handler and so the scope check.
            throw new ApiException(new Problem(ProblemType.METHOD_NOT_ALLOWED, "HEAD is not supported")
                    .header("Allow", "GET, POST, DELETE"));
        }
    }

    private void guarded(ApiRoute route, Context ctx) throws Exception {
        Exchange exchange = Exchange.of(ctx);
        if (exchange == null || exchange.principal == null) {
            // Unreachable while the before-filter runs; kept so no handler can ever run unauthenticated.
            throw ApiException.unauthenticated(false, "missing");
        }
        exchange.operation = route.operation();
        String scope = verifier.scopeName(route.scope());
        if (!exchange.principal.hasScope(scope)) {
            throw ApiException.missingScope(scope);
        }
        if (!route.takesQuery() && ctx.queryString() != null && !ctx.queryString().isEmpty()) {
            throw ApiException.invalid("query", "is not allowed on this call");
        }
        route.action().handle(ctx, exchange);
    }

    private void fail(Exception failure, Context ctx) {
        Exchange exchange = Exchange.of(ctx);
        Problem problem = Problems.toProblem(failure);
        if (exchange != null && problem.auditReason() != null) {
            exchange.failureReason = problem.auditReason();
        }
        if (problem.status() == 401 || problem.status() == 403) {
            metrics.authFailure(problem.auditReason() == null ? "unknown" : problem.auditReason());
        }
        Problems.write(ctx, problem, exchange == null ? null : exchange.requestId);
    }

    private void finish(Context ctx, Float executionMillis) {
        Exchange exchange = Exchange.of(ctx);
        if (exchange == null) {
            return;
        }
        long nanos = System.nanoTime() - exchange.startNanos;
        String method = ctx.method().name();
        String route = ApiRoute.templateOf(routes, ctx.path());
        int status = ctx.statusCode();
        metrics.request(method, route, status, nanos);
        audit.record(exchange, method, route, status, nanos / 1_000_000);
    }
}

package com.estatekit.vault.adapter.http;

import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The management port: {@code GET /health/live}, {@code GET /health/ready} and {@code GET /metrics}
 * (Prometheus text format). Cluster-internal and unauthenticated, so it serves nothing about users:
 * no route here reads keys or data. Each readiness check runs with a time limit; a check that
 * hangs counts as failed.
 */
public final class ManagementServer implements AutoCloseable {

    /** Default time limit of one readiness check. */
    public static final Duration DEFAULT_CHECK_TIMEOUT = Duration.ofSeconds(2);

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Javalin javalin;
    private final PrometheusMeterRegistry registry;
    private final List<HealthCheck> checks;
    private final Duration checkTimeout;
    private final ExecutorService checkRunner = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "vault-health-check");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param host interface to bind, {@code null} for all
     * @param port TCP port, {@code 0} for any free one
     * @param registry the registry the API and the other adapters record into
     * @param checks readiness checks, see {@link HealthCheck}
     */
    public ManagementServer(String host, int port, PrometheusMeterRegistry registry, List<HealthCheck> checks) {
        this(host, port, registry, checks, DEFAULT_CHECK_TIMEOUT);
    }

    /** As above, with another time limit per readiness check. */
    public ManagementServer(String host, int port, PrometheusMeterRegistry registry, List<HealthCheck> checks,
            Duration checkTimeout) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("management port must be 0..65535, was " + port);
        }
        this.registry = Objects.requireNonNull(registry, "registry");
        this.checks = List.copyOf(checks);
        this.checkTimeout = Objects.requireNonNull(checkTimeout, "checkTimeout");
        if (checkTimeout.isNegative() || checkTimeout.isZero()) {
            throw new IllegalArgumentException("checkTimeout must be positive");
        }
        this.javalin = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.startup.startupWatcherEnabled = false;
            cfg.http.compressionStrategy = CompressionStrategy.NONE;
            cfg.jetty.host = host;
            cfg.jetty.port = port;
            cfg.jetty.threadPool = new QueuedThreadPool(8, 2);
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new ProblemJsonErrorHandler()));
            cfg.routes.get("/health/live", ctx -> json(ctx, 200, Map.of("status", "UP")));
            cfg.routes.get("/health/ready", this::ready);
            cfg.routes.get("/metrics", ctx -> ctx.contentType(PROMETHEUS_TEXT).result(this.registry.scrape()));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx, Problems.fromFramework(e), null));
            cfg.routes.exception(Exception.class, (e, ctx) -> Problems.write(ctx, Problems.toProblem(e), null));
        });
    }

    /** Starts listening. @return this */
    public ManagementServer start() {
        javalin.start();
        return this;
    }

    /** The port it listens on. */
    public int port() {
        return javalin.port();
    }

    /** Stops listening. */
    public void stop() {
        try {
            javalin.stop();
        } finally {
            checkRunner.shutdownNow();
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void ready(Context ctx) {
        List<CompletableFuture<Boolean>> running = new ArrayList<>(checks.size());
        for (HealthCheck check : checks) {
            running.add(CompletableFuture.supplyAsync(() -> check.check().getAsBoolean(), checkRunner));
        }
        long deadline = System.nanoTime() + checkTimeout.toNanos();
        Map<String, Object> results = new LinkedHashMap<>();
        boolean ready = true;
        boolean degraded = false;
        for (int i = 0; i < checks.size(); i++) {
            HealthCheck check = checks.get(i);
            boolean up = outcome(running.get(i), deadline);
            results.put(check.name(), up ? "UP" : "DOWN");
            if (!up && check.required()) {
                ready = false;
            } else if (!up) {
                degraded = true;
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", ready ? (degraded ? "DEGRADED" : "UP") : "DOWN");
        body.put("checks", results);
        json(ctx, ready ? 200 : 503, body);
    }

    private static boolean outcome(CompletableFuture<Boolean> check, long deadline) {
        try {
            long wait = Math.max(0, deadline - System.nanoTime());
            return Boolean.TRUE.equals(check.get(wait, TimeUnit.NANOSECONDS));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception failedOrSlow) {
            check.cancel(true);
            return false;
        }
    }

    private static void json(Context ctx, int status, Map<String, Object> body) {
        ctx.status(status);
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(ApiHandlers.JSON);
        ctx.result(Json.write(generator -> Json.writeValue(generator, body)));
    }
}

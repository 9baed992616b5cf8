package com.estatekit.vault.adapter.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.estatekit.vault.domain.fake.KeyFixtures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Drives every route, successes and failures, with canary plaintexts and real tokens, capturing
 * every log event at production levels (root INFO, the vault's own loggers at TRACE), and checks
 * that no canary, ciphertext or token appears in any log line or error response.
 */
class CanaryTest {

    private static final String CANARY = "CANARY-4111-1111-1111-1111";

    private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
    private final Map<Logger, Level> previousLevels = new LinkedHashMap<>();
    private ApiHarness harness;

    @BeforeEach
    void capture() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        captured.setContext(context);
        captured.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(captured);
        setLevel(root, Level.INFO);
        setLevel(context.getLogger("com.estatekit"), Level.TRACE);
        setLevel(context.getLogger(AuditLog.LOGGER_NAME), Level.INFO);
        setLevel(context.getLogger("org.eclipse.jetty"), Level.INFO);
        setLevel(context.getLogger("io.javalin"), Level.INFO);
        harness = new ApiHarness();
    }

    @AfterEach
    void release() {
        harness.close();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(captured);
        previousLevels.forEach(Logger::setLevel);
    }

    private void setLevel(Logger logger, Level level) {
        previousLevels.putIfAbsent(logger, logger.getLevel());
        logger.setLevel(level);
    }

    @Test
    void no_plaintext_ciphertext_or_token_reaches_a_log_line_or_an_error_response() {
        List<String> secrets = new ArrayList<>();
        List<ApiHarness.Response> errors = new ArrayList<>();
        String admin = harness.admin();
        String encryptOnly = harness.bearer("vault/encrypt");
        String expired = "Bearer " + harness.issuer.token().expiresAt(Instant.now().minusSeconds(900)).build();
        secrets.add(token(admin));
        secrets.add(token(encryptOnly));
        secrets.add(token(expired));

        harness.createKey(1);
        harness.createKey(2);
        List<String> plaintexts = List.of(CANARY + "-a", CANARY + "-b", CANARY + "-c");
        ApiHarness.Response sealed = harness.post("/v1/users/1/encrypt", admin, ApiHarness.json(Map.of("plaintexts", plaintexts)));
        List<String> ciphertexts = new ArrayList<>();
        sealed.json().get("ciphertexts").forEach(node -> ciphertexts.add(node.stringValue()));
        secrets.addAll(ciphertexts);
        for (String ciphertext : ciphertexts) {
            secrets.add(ciphertext.substring(6, 40));
        }

        harness.post("/v1/users/1/decrypt", admin, ApiHarness.json(Map.of("ciphertexts", ciphertexts)));
        harness.post("/v1/users/1/decrypt", admin, ApiHarness.json(Map.of("ciphertexts", ciphertexts, "partial", true)));
        errors.add(harness.post("/v1/users/2/decrypt", admin, ApiHarness.json(Map.of("ciphertexts", ciphertexts))));
        errors.add(harness.post("/v1/users/1/decrypt", encryptOnly, ApiHarness.json(Map.of("ciphertexts", ciphertexts))));
        errors.add(harness.post("/v1/users/1/encrypt", expired, ApiHarness.json(Map.of("plaintexts", plaintexts))));
        errors.add(harness.post("/v1/users/1/encrypt", admin, "{\"plaintexts\":[\"" + CANARY + "\", 7]}"));
        errors.add(harness.post("/v1/users/1/encrypt", admin, "{\"plaintexts\":[\"" + CANARY + "\"], " + CANARY + "}"));
        errors.add(harness.post("/v1/users/1/encrypt", admin, "{\"" + CANARY + "\":[]}"));
        errors.add(harness.send("POST", "/v1/users/1/encrypt", admin, "text/plain", CANARY));
        errors.add(harness.post("/v1/users/" + CANARY + "/encrypt", admin, ApiHarness.json(Map.of("plaintexts", plaintexts))));
        errors.add(harness.post("/v1/users/404/encrypt", admin, ApiHarness.json(Map.of("plaintexts", plaintexts))));
        Map<String, String> values = new LinkedHashMap<>();
        values.put("ssn", ciphertexts.get(0));
        values.put("card", ciphertexts.get(1) + "x");
        errors.add(harness.post("/v1/users/1/keys/rotate", admin, ApiHarness.json(Map.of("values", values))));
        values.put("card", ciphertexts.get(1));
        ApiHarness.Response rotated = harness.post("/v1/users/1/keys/rotate", admin, ApiHarness.json(Map.of("values", values)));
        rotated.json().get("values").forEach(node -> secrets.add(node.stringValue()));
        harness.get("/v1/users/1/keys", admin);
        harness.get("/v1/keys?rotatedBefore=2030-01-01", admin);
        errors.add(harness.delete("/v1/users/1/keys/versions/2", admin));
        harness.delete("/v1/users/1/keys/versions/1", admin);
        harness.keyVault.failAsUnavailable();
        errors.add(harness.post("/v1/users/2/decrypt", admin, ApiHarness.json(Map.of("ciphertexts", List.of(ciphertexts.get(0))))));
        harness.keyVault.recover();
        harness.repository.insertFirstKey(KeyFixtures.firstKey(3));
        String unusable = harness.encrypt(3, CANARY).get(0);
        secrets.add(unusable);
        errors.add(harness.post("/v1/users/3/decrypt", admin, ApiHarness.json(Map.of("ciphertexts", List.of(unusable)))));
        harness.delete("/v1/users/2/keys", admin);
        errors.add(harness.get("/v1/" + CANARY, admin));
        errors.add(harness.get("/v1/" + CANARY, "Bearer " + CANARY));
        secrets.add(CANARY);

        String logs = captured.list.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"))
                + captured.list.stream().map(e -> String.valueOf(e.getKeyValuePairs())).collect(Collectors.joining("\n"));
        for (String secret : secrets) {
            assertThat(logs).as("logs").doesNotContain(secret);
            for (ApiHarness.Response error : errors) {
                assertThat(error.status()).isGreaterThanOrEqualTo(400);
                assertThat(error.body()).as("error response " + error.status()).doesNotContain(secret);
            }
        }
        assertThat(errors).extracting(ApiHarness.Response::status).contains(401, 403, 400, 404, 409, 415, 422, 503);
    }

    @Test
    void every_call_leaves_one_audit_event_with_who_what_and_how_it_ended() {
        String admin = harness.admin();
        harness.createKey(9);
        harness.send("POST", "/v1/users/9/encrypt", admin, "application/json", "{\"plaintexts\":[\"a\",\"b\"]}",
                "X-Request-Id", "trace-123");
        harness.get("/v1/users/9/keys", null);

        List<ILoggingEvent> audit = captured.list.stream()
                .filter(e -> e.getLoggerName().equals(AuditLog.LOGGER_NAME))
                .collect(Collectors.toList());

        assertThat(audit).hasSize(3);
        String encrypt = audit.get(1).getFormattedMessage();
        assertThat(encrypt).contains("event=vault.api.call", "requestId=trace-123", "clientId=test-admin", "subject=test-admin",
                "operation=encrypt", "userId=9", "items=2", "method=POST", "route=/v1/users/{userId}/encrypt", "status=200",
                "outcome=success", "latencyMs=", "time=20");
        String denied = audit.get(2).getFormattedMessage();
        assertThat(denied).contains("clientId=-", "status=401", "outcome=denied", "reason=missing", "route=/v1/users/{userId}/keys");
        assertThat(audit.get(1).getKeyValuePairs()).anyMatch(kv -> kv.key.equals("operation") && kv.value.equals("encrypt"));
    }

    @Test
    void request_ids_are_taken_when_well_formed_and_replaced_otherwise() {
        harness.createKey(10);

        ApiHarness.Response kept = harness.send("GET", "/v1/users/10/keys", harness.admin(), null, null, "X-Request-Id", "abc-123");
        ApiHarness.Response replaced = harness.send("GET", "/v1/users/10/keys", harness.admin(), null, null,
                "X-Request-Id", "bad id <script>");
        ApiHarness.Response tooLong = harness.send("GET", "/v1/users/10/keys", harness.admin(), null, null,
                "X-Request-Id", "a".repeat(65));
        ApiHarness.Response error = harness.send("GET", "/v1/users/0/keys", harness.admin(), null, null, "X-Request-Id", "err-1");

        assertThat(kept.header("X-Request-Id")).isEqualTo("abc-123");
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(tooLong.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(error.header("X-Request-Id")).isEqualTo("err-1");
        assertThat(error.json().get("requestId").stringValue()).isEqualTo("err-1");
    }

    private static String token(String bearer) {
        return bearer.substring("Bearer ".length());
    }
}

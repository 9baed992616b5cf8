package com.estatekit.vault.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.estatekit.vault.adapter.postgres.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real entry point, {@link VaultApplication#main}, in its own JVM with only the
 * environment it is given: what an operator or a developer on a fresh clone would see.
 */
class MainProcessTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private static ProcessBuilder vault(Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VaultApplication.class.getName());
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        return builder;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void production_without_a_database_stops_with_one_line_naming_the_variable() throws Exception {
        Process process = vault(Map.of("VAULT_KMS_KEY_ID", "alias/x", "VAULT_OAUTH_ISSUER", "https://issuer.example")).start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("configuration error: VAULT_DB_URL is required when VAULT_ENV=production");
    }

    @Test
    void a_malformed_setting_stops_start_up_naming_it() throws Exception {
        Process process = vault(Map.of("VAULT_ENV", "dev", "VAULT_KEY_CACHE_TTL", "sixty seconds")).start();

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).isEqualTo(2);
        assertThat(output).contains("VAULT_KEY_CACHE_TTL must be an ISO-8601 duration");
    }

    @Test
    void dev_mode_starts_and_its_printed_curl_lines_work(@TempDir Path devDir) throws Exception {
        try (TestDatabase database = TestDatabase.create()) {
            int apiPort = freePort();
            Process process = vault(Map.of(
                    "VAULT_ENV", "dev",
                    "VAULT_HTTP_PORT", Integer.toString(apiPort),
                    "VAULT_MANAGEMENT_PORT", Integer.toString(freePort()),
                    "VAULT_DEV_ISSUER_PORT", Integer.toString(freePort()),
                    "VAULT_DEV_DIR", devDir.toString(),
                    "VAULT_DB_URL", database.jdbcUrl(),
                    "VAULT_DB_USER", database.user())).start();
            List<String> output = Collections.synchronizedList(new ArrayList<>());
            try {
                Thread reader = new Thread(() -> readLines(process, output), "dev-mode-output");
                reader.setDaemon(true);
                reader.start();

                String tokenLine = awaitLine(output, line -> line.trim().startsWith("TOKEN=$(curl"));
                String createLine = awaitLine(output, line -> line.trim().startsWith("curl -s -X POST"));
                String encryptLine = awaitLine(output, line -> line.trim().startsWith("curl -s -H") && line.contains("/encrypt"));

                String created = bash(tokenLine.trim() + "; " + createLine.trim());
                assertThat(created).contains("\"created\":true").contains("\"keyVersion\":1");
                String encrypted = bash(tokenLine.trim() + "; " + encryptLine.trim());
                assertThat(encrypted).contains("\"ciphertexts\":[\"ek1:1:");

                String ciphertext = encrypted.replaceAll("(?s).*\"ciphertexts\":\\[\"([^\"]+)\".*", "$1");
                String decrypted = bash(tokenLine.trim() + "; curl -s -H \"Authorization: Bearer $TOKEN\""
                        + " -H 'Content-Type: application/json' -d '{\"ciphertexts\":[\"" + ciphertext + "\"]}'"
                        + " http://localhost:" + apiPort + "/v1/users/42/decrypt");
                assertThat(decrypted).contains("\"plaintexts\":[\"123-45-6789\"]");
                assertThat(Files.exists(devDir.resolve("dev-kms-master.key"))).isTrue();
                assertThat(String.join("\n", output)).contains("DEV MODE");
                // The plaintext appears once: in the printed example itself, never in a log or audit line.
                assertThat(output).filteredOn(line -> line.contains("123-45-6789")).singleElement()
                        .satisfies(line -> assertThat(line.trim()).startsWith("curl -s -H"));
            } finally {
                process.destroy();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
            }
        }
    }

    private static void readLines(Process process, List<String> sink) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                sink.add(line);
            }
        } catch (IOException closed) {
            // The process ended; the test has what it read.
        }
    }

    private static String awaitLine(List<String> output, java.util.function.Predicate<String> wanted) throws InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            Optional<String> found;
            synchronized (output) {
                found = output.stream().filter(wanted).findFirst();
            }
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("dev mode did not print the expected line; output was:\n" + String.join("\n", output));
    }

    private static String bash(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}

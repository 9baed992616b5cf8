package com.estatekit.vault.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The vault under test, as its own process: {@code java -jar vault-app.jar} in dev mode (dev KMS,
 * embedded dev token issuer), on free ports, with its own dev-state directory and its own freshly
 * created PostgreSQL database, which is dropped again on {@link #close()}. A separate process keeps
 * the server's JIT, GC and thread pools apart from the load generator's, as in production; the two
 * still share this machine's cores, which the report accounts for.
 */
public final class AppProcess implements AutoCloseable {

    /** The dev issuer's client, printed by the dev-mode banner. */
    public static final String DEV_CLIENT_ID = "vault-dev-client";
    public static final String DEV_CLIENT_SECRET = "vault-dev-secret";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final String adminUrl;
    private final Properties adminCredentials;
    private final String database;
    private final int apiPort;
    private final int managementPort;
    private final int issuerPort;
    private final Path log;
    private final Thread cleanupHook;
    private volatile boolean closed;

    private AppProcess(Process process, String adminUrl, Properties adminCredentials, String database, int apiPort,
            int managementPort, int issuerPort, Path log) {
        this.process = process;
        this.adminUrl = adminUrl;
        this.adminCredentials = adminCredentials;
        this.database = database;
        this.apiPort = apiPort;
        this.managementPort = managementPort;
        this.issuerPort = issuerPort;
        this.log = log;
        this.cleanupHook = new Thread(this::close, "vault-bench-app-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanupHook);
    }

    /**
     * Creates the database, starts the app and waits until {@code /health/ready} answers 200.
     *
     * @param jar the runnable app jar
     * @param workDirectory for the app's log and dev state
     * @param pgServer e.g. {@code jdbc:postgresql://127.0.0.1:5432/}
     * @param pgUser the PostgreSQL user (trust auth)
     * @param jvmArgs extra JVM options for the app (heap, JFR)
     */
    public static AppProcess start(Path jar, Path workDirectory, String pgServer, String pgUser, List<String> jvmArgs)
            throws IOException, InterruptedException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("app jar " + jar + " not found; build it with mvn -B -q -DskipTests package");
        }
        Files.createDirectories(workDirectory);
        String database = "vault_bench_" + ProcessHandle.current().pid() + "_" + HexFormat.of().formatHex(randomBytes(4));
        Properties credentials = new Properties();
        credentials.setProperty("user", pgUser);
        credentials.setProperty("connectTimeout", "5");
        String adminUrl = pgServer + "postgres";
        execute(adminUrl, credentials, "create database " + database);

        int[] ports = freePorts(3);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("VAULT_") || name.startsWith("AWS_") || name.equals("JAVA_TOOL_OPTIONS"));
        env.put("VAULT_ENV", "dev");
        env.put("VAULT_HTTP_PORT", Integer.toString(ports[0]));
        env.put("VAULT_MANAGEMENT_PORT", Integer.toString(ports[1]));
        env.put("VAULT_DEV_ISSUER_PORT", Integer.toString(ports[2]));
        env.put("VAULT_DEV_DIR", workDirectory.resolve("dev-state").toAbsolutePath().toString());
        env.put("VAULT_DB_URL", pgServer + database);
        env.put("VAULT_DB_USER", pgUser);
        env.put("VAULT_KEY_CACHE_TTL", "PT60S");
        Path log = workDirectory.resolve("app.log");
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            dropQuietly(adminUrl, credentials, database);
            throw e;
        }
        AppProcess app = new AppProcess(process, adminUrl, credentials, database, ports[0], ports[1], ports[2], log);
        try {
            app.awaitReady();
        } catch (IOException | InterruptedException | RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    private void awaitReady() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the app exited with " + process.exitValue() + " while starting; last log lines:\n" + logTail(20));
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(managementUri().resolve("/health/ready"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(250);
        }
        throw new IOException("the app was not ready within " + START_TIMEOUT.toSeconds() + " s; last log lines:\n" + logTail(20));
    }

    /** {@code server_version} of the PostgreSQL server the app uses. */
    public String postgresVersion() {
        try (Connection connection = DriverManager.getConnection(adminUrl, adminCredentials);
                Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("show server_version")) {
            return rows.next() ? rows.getString(1) : "unknown";
        } catch (SQLException e) {
            return "unknown";
        }
    }

    public long pid() {
        return process.pid();
    }

    public URI apiUri() {
        return URI.create("http://127.0.0.1:" + apiPort);
    }

    public URI managementUri() {
        return URI.create("http://127.0.0.1:" + managementPort);
    }

    /** The dev issuer's token endpoint (it serves on the loopback interface as {@code localhost}). */
    public URI tokenEndpoint() {
        return URI.create("http://localhost:" + issuerPort + "/dev-issuer/oauth2/token");
    }

    public String database() {
        return database;
    }

    public Path log() {
        return log;
    }

    /** The last {@code lines} lines of the app's log. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    /** Stops the app (SIGTERM, graceful; forcibly after 30 s), then drops its database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // Called from the hook itself.
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        dropQuietly(adminUrl, adminCredentials, database);
    }

    private static void dropQuietly(String adminUrl, Properties credentials, String database) {
        try {
            execute(adminUrl, credentials, "drop database if exists " + database + " with (force)");
        } catch (IOException e) {
            System.err.println("vault-bench: could not drop database " + database + ": " + e.getMessage());
        }
    }

    private static void execute(String url, Properties credentials, String sql) throws IOException {
        try (Connection connection = DriverManager.getConnection(url, credentials); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IOException("PostgreSQL at " + url + " refused '" + sql + "' (SQLState " + e.getSQLState() + "): " + e.getMessage(), e);
        }
    }

    private static int[] freePorts(int count) throws IOException {
        // Held open together so the three differ; a port taken by someone else in between fails start-up loudly.
        ServerSocket[] sockets = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                sockets[i] = new ServerSocket(0);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }
}

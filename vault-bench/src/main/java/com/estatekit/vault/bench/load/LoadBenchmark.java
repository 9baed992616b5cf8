package com.estatekit.vault.bench.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The end-to-end load benchmark: starts the app ({@link AppProcess}), gets a token from its dev
 * issuer, creates users, then drives key creation, encrypt and decrypt at several batch sizes and
 * concurrencies, and rotation of a 20-value map, each for a fixed time; measures the raw HPKE rate
 * on all cores in this JVM just before and just after; reads the app's KMS call counter around each
 * phase; and, when asked, profiles the app with JFR. Every response is checked; errors are counted
 * and never counted as throughput. It stops the app and drops its database when done.
 *
 * <p>Run on its own: {@code java -cp … com.estatekit.vault.bench.load.LoadBenchmark [--quick]
 * [--app-jar PATH] [--work DIR] [--no-profile]}; {@code ./bench} runs it after the JMH suite.
 */
public final class LoadBenchmark {

    /** Plaintexts are 64 bytes, the brief's reference size. */
    public static final int PLAINTEXT_BYTES = 64;
    static final int ROTATION_VALUES = 20;

    /** What to run and for how long. */
    public record Settings(Path appJar, Path workDirectory, String pgServer, String pgUser, Duration warmup, Duration measure,
            Duration rawWarmup, Duration rawMeasure, Duration jitWarmup, List<Integer> batches, List<Integer> clients,
            int rotationClients, boolean profile) {

        public static Settings defaults(Path appJar, Path workDirectory) {
            return new Settings(appJar, workDirectory, "jdbc:postgresql://127.0.0.1:5432/", "postgres", Duration.ofSeconds(2),
                    Duration.ofSeconds(5), Duration.ofSeconds(4), Duration.ofSeconds(3), Duration.ofSeconds(2), List.of(1, 10, 100),
                    List.of(1, 32), 32, true);
        }

        /** Seconds instead of minutes, for a smoke test. */
        public Settings quick() {
            return new Settings(appJar, workDirectory, pgServer, pgUser, Duration.ofMillis(500), Duration.ofSeconds(1),
                    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(300), batches, clients, rotationClients, profile);
        }

        public Settings withProfile(boolean on) {
            return new Settings(appJar, workDirectory, pgServer, pgUser, warmup, measure, rawWarmup, rawMeasure, jitWarmup, batches,
                    clients, rotationClients, on);
        }
    }

    /** Raw all-core HPKE rates before and after the load. */
    public record RawRates(String provider, int threads, double sealBefore, double openBefore, double sealAfter, double openAfter,
            CpuMeter.Usage cpuBefore, CpuMeter.Usage cpuAfter) {
        /** The reference for the targets: the higher of the two measurements, so the comparison is not flattered. */
        public double seal() {
            return Math.max(sealBefore, sealAfter);
        }

        public double open() {
            return Math.max(openBefore, openAfter);
        }
    }

    /** KMS calls during the decrypt phases, and the bound the brief allows. */
    public record DecryptKms(long calls, int users, double windowSeconds, long ttlSeconds, long bound) {
    }

    /** Everything one run measured. */
    public record Report(String appProvider, String appJvmOptions, RawRates raw, List<PhaseResult> phases, DecryptKms decryptKms,
            List<JfrProfile.Profile> profiles, Path recording, String postgresVersion) {
    }

    private final Settings settings;
    private final List<String> plaintexts = new ArrayList<>();

    public LoadBenchmark(Settings settings) {
        this.settings = settings;
        for (int i = 0; i < 100; i++) {
            String head = String.format("field-%03d:", i);
            plaintexts.add(head + com.estatekit.vault.bench.BenchKeys.text(PLAINTEXT_BYTES - head.length()));
        }
    }

    public Report run() throws IOException, InterruptedException {
        Path work = settings.workDirectory();
        Files.createDirectories(work);
        List<String> jvm = new ArrayList<>(List.of("-Xms768m", "-Xmx768m", "-XX:+ExitOnOutOfMemoryError"));
        Path recording = work.resolve("app.jfr");
        Files.deleteIfExists(recording);
        if (settings.profile()) {
            jvm.add(JfrProfile.jvmOption(recording, JfrProfile.settingsFile(work)));
        }
        log("starting the app: java " + String.join(" ", jvm) + " -jar " + settings.appJar());
        List<PhaseResult> phases = new ArrayList<>();
        RawRates raw;
        DecryptKms decryptKms;
        String appProvider;
        String postgresVersion;
        HttpClient http = VaultClient.newHttpClient();
        try (RawCryptoRate rawRate = new RawCryptoRate(plaintexts.get(0));
                AppProcess app = AppProcess.start(settings.appJar(), work, settings.pgServer(), settings.pgUser(), jvm);
                VaultClient client = VaultClient.connect(http, app.apiUri(), app.tokenEndpoint(), AppProcess.DEV_CLIENT_ID,
                        AppProcess.DEV_CLIENT_SECRET)) {
            log("app up (pid " + app.pid() + ", database " + app.database() + ")");
            Metrics metrics = new Metrics(http, app);
            appProvider = KmsMetrics.cryptoProvider(metrics.text());
            postgresVersion = app.postgresVersion();
            CpuMeter cpu = new CpuMeter(app.pid());
            int threads = Runtime.getRuntime().availableProcessors();

            log("raw HPKE rate before the load (" + threads + " threads)");
            CpuMeter.Snapshot rawFrom = cpu.snapshot();
            double sealBefore = rawRate.measure(RawCryptoRate.Operation.SEAL, threads, settings.rawWarmup(), settings.rawMeasure());
            double openBefore = rawRate.measure(RawCryptoRate.Operation.OPEN, threads, settings.rawWarmup(), settings.rawMeasure());
            CpuMeter.Usage cpuBefore = CpuMeter.between(rawFrom, cpu.snapshot());

            // Key creation; the users it makes are the pools of the later phases.
            Queue<Long> created = new ConcurrentLinkedQueue<>();
            AtomicLong nextUser = new AtomicLong(1000);
            for (int concurrency : settings.clients()) {
                phases.add(metrics.around(() -> PhaseRunner.run("create key", 1, concurrency, settings.warmup(), settings.measure(), cpu,
                        client::closeThreadConnection, (c, seq) -> {
                            long user = nextUser.getAndIncrement();
                            VaultClient.Response response = client.createKey(user);
                            ResponseCheck.keyCreated(response.status(), response.body(), user);
                            created.add(user);
                            return 1;
                        })));
                log(phases.get(phases.size() - 1).describe());
            }
            int maxClients = Collections.max(settings.clients());
            int poolSize = Math.max(64, maxClients * 2);
            List<Long> users = new ArrayList<>(created);
            Collections.sort(users);
            int warmupUsers = 8;
            while (users.size() < 2 * poolSize + settings.rotationClients() + warmupUsers) {
                long user = nextUser.getAndIncrement();
                VaultClient.Response response = client.createKey(user);
                checkSetup(() -> ResponseCheck.keyCreated(response.status(), response.body(), user));
                users.add(user);
            }
            List<Long> encryptUsers = users.subList(0, poolSize);
            List<Long> decryptUsers = users.subList(poolSize, 2 * poolSize);
            List<Long> rotationUsers = users.subList(2 * poolSize, 2 * poolSize + settings.rotationClients());
            List<Long> jitUsers = users.subList(2 * poolSize + settings.rotationClients(),
                    2 * poolSize + settings.rotationClients() + warmupUsers);

            // Decrypt corpus: 100 ciphertexts per user, made outside the timed windows.
            Map<Integer, String> encryptBodies = new HashMap<>();
            for (int batch : settings.batches()) {
                encryptBodies.put(batch, VaultClient.encryptBody(plaintexts.subList(0, batch)));
            }
            Map<Long, Map<Integer, String>> decryptBodies = new HashMap<>();
            for (long user : concat(decryptUsers, jitUsers)) {
                VaultClient.Response response = client.encrypt(user, encryptBodies.get(100));
                ResponseCheck.Encrypted encrypted = checkSetup(() -> ResponseCheck.encrypted(response.status(), response.body(), 100));
                Map<Integer, String> bodies = new HashMap<>();
                for (int batch : settings.batches()) {
                    bodies.put(batch, VaultClient.decryptBody(encrypted.ciphertexts().subList(0, batch)));
                }
                decryptBodies.put(user, bodies);
            }

            // A JIT warm-up round over every request shape, on users of its own (so the decrypt phases still
            // start with a cold key cache), before any measured encrypt or decrypt phase. Its numbers are dropped.
            for (int batch : settings.batches()) {
                PhaseResult encryptWarmup = PhaseRunner.run("warm-up encrypt", batch, 4, Duration.ZERO, settings.jitWarmup(), cpu,
                        client::closeThreadConnection, (c, seq) -> {
                            long user = jitUsers.get((int) ((c + seq) % jitUsers.size()));
                            VaultClient.Response response = client.encrypt(user, encryptBodies.get(batch));
                            ResponseCheck.encrypted(response.status(), response.body(), batch);
                            return batch;
                        });
                PhaseResult decryptWarmup = PhaseRunner.run("warm-up decrypt", batch, 4, Duration.ZERO, settings.jitWarmup(), cpu,
                        client::closeThreadConnection, (c, seq) -> {
                            long user = jitUsers.get((int) ((c + seq) % jitUsers.size()));
                            VaultClient.Response response = client.decrypt(user, decryptBodies.get(user).get(batch));
                            ResponseCheck.decrypted(response.status(), response.body(), plaintexts.subList(0, batch));
                            return batch;
                        });
                log(encryptWarmup.describe());
                log(decryptWarmup.describe());
            }

            // Encrypt.
            for (int batch : settings.batches()) {
                for (int concurrency : settings.clients()) {
                    Queue<Sample> samples = new ConcurrentLinkedQueue<>();
                    PhaseResult phase = metrics.around(() -> PhaseRunner.run("encrypt", batch, concurrency, settings.warmup(),
                            settings.measure(), cpu, client::closeThreadConnection, (c, seq) -> {
                                long user = encryptUsers.get((int) ((c + seq * concurrency) % encryptUsers.size()));
                                VaultClient.Response response = client.encrypt(user, encryptBodies.get(batch));
                                ResponseCheck.Encrypted encrypted = ResponseCheck.encrypted(response.status(), response.body(), batch);
                                if (seq == 0) {
                                    samples.add(new Sample(user, encrypted.ciphertexts()));
                                }
                                return batch;
                            }));
                    // Spot check outside the timed window: what was encrypted decrypts to what was sent.
                    Map<String, Long> spotErrors = new HashMap<>();
                    for (Sample sample : samples) {
                        try {
                            VaultClient.Response response = client.decrypt(sample.user(), VaultClient.decryptBody(sample.ciphertexts()));
                            ResponseCheck.decrypted(response.status(), response.body(), plaintexts.subList(0, batch));
                        } catch (BadResponse bad) {
                            spotErrors.merge(bad.getMessage(), 1L, Long::sum);
                        }
                    }
                    phases.add(phase.withSpotCheckErrors(spotErrors));
                    log(phases.get(phases.size() - 1).describe() + " (spot-decrypted " + samples.size() + " responses)");
                }
            }

            long decryptKmsCalls = 0;
            Instant decryptFrom = null;
            Instant decryptTo = null;
            Map<String, Long> kmsBefore = KmsMetrics.callsByOperation(metrics.text());
            for (int batch : settings.batches()) {
                for (int concurrency : settings.clients()) {
                    Instant started = Instant.now();
                    PhaseResult phase = metrics.around(() -> PhaseRunner.run("decrypt", batch, concurrency, settings.warmup(),
                            settings.measure(), cpu, client::closeThreadConnection, (c, seq) -> {
                                long user = decryptUsers.get((int) ((c + seq * concurrency) % decryptUsers.size()));
                                VaultClient.Response response = client.decrypt(user, decryptBodies.get(user).get(batch));
                                ResponseCheck.decrypted(response.status(), response.body(), plaintexts.subList(0, batch));
                                return batch;
                            }));
                    decryptFrom = decryptFrom == null ? started : decryptFrom;
                    decryptTo = Instant.now();
                    phases.add(phase);
                    log(phase.describe());
                }
            }
            Map<String, Long> kmsAfter = KmsMetrics.callsByOperation(metrics.text());
            decryptKmsCalls = KmsMetrics.delta(kmsBefore, kmsAfter, null);
            double window = Duration.between(decryptFrom, decryptTo).toMillis() / 1000.0;
            long ttl = 60;
            decryptKms = new DecryptKms(decryptKmsCalls, decryptUsers.size(), window, ttl,
                    decryptUsers.size() * (1 + (long) Math.floor(window / ttl)));

            // Rotation of a 20-value map: each client rotates its own user again and again.
            List<String> names = new ArrayList<>();
            Map<Long, Map<String, String>> values = new ConcurrentHashMap<>();
            Map<Long, Integer> versions = new ConcurrentHashMap<>();
            for (int i = 0; i < ROTATION_VALUES; i++) {
                names.add(String.format("field%02d", i));
            }
            String rotationPlaintexts = VaultClient.encryptBody(plaintexts.subList(0, ROTATION_VALUES));
            for (long user : rotationUsers) {
                VaultClient.Response response = client.encrypt(user, rotationPlaintexts);
                ResponseCheck.Encrypted encrypted = checkSetup(() -> ResponseCheck.encrypted(response.status(), response.body(),
                        ROTATION_VALUES));
                Map<String, String> map = new LinkedHashMap<>();
                for (int i = 0; i < ROTATION_VALUES; i++) {
                    map.put(names.get(i), encrypted.ciphertexts().get(i));
                }
                values.put(user, map);
                versions.put(user, encrypted.keyVersion());
            }
            for (int concurrency : List.of(1, settings.rotationClients())) {
                PhaseResult phase = metrics.around(() -> PhaseRunner.run("rotate", ROTATION_VALUES, concurrency, settings.warmup(),
                        settings.measure(), cpu, client::closeThreadConnection, (c, seq) -> {
                            long user = rotationUsers.get(c);
                            try {
                                VaultClient.Response response = client.rotate(user, VaultClient.rotateBody(values.get(user)));
                                ResponseCheck.Rotated rotated = ResponseCheck.rotated(response.status(), response.body(),
                                        versions.get(user), names);
                                values.put(user, rotated.values());
                                versions.put(user, rotated.keyVersion());
                            } catch (BadResponse | IOException failed) {
                                // The old values stay decryptable; only the version this client expects may be stale.
                                resync(client, user, versions);
                                throw failed;
                            }
                            return ROTATION_VALUES;
                        }));
                Map<String, Long> spotErrors = new HashMap<>();
                for (int c = 0; c < concurrency; c++) {
                    long user = rotationUsers.get(c);
                    try {
                        VaultClient.Response response = client.decrypt(user,
                                VaultClient.decryptBody(new ArrayList<>(values.get(user).values())));
                        ResponseCheck.decrypted(response.status(), response.body(), plaintexts.subList(0, ROTATION_VALUES));
                    } catch (BadResponse bad) {
                        spotErrors.merge(bad.getMessage(), 1L, Long::sum);
                    }
                }
                phases.add(phase.withSpotCheckErrors(spotErrors));
                log(phases.get(phases.size() - 1).describe());
            }

            log("raw HPKE rate after the load");
            rawFrom = cpu.snapshot();
            double sealAfter = rawRate.measure(RawCryptoRate.Operation.SEAL, threads, settings.rawWarmup(), settings.rawMeasure());
            double openAfter = rawRate.measure(RawCryptoRate.Operation.OPEN, threads, settings.rawWarmup(), settings.rawMeasure());
            raw = new RawRates(rawRate.provider(), threads, sealBefore, openBefore, sealAfter, openAfter, cpuBefore,
                    CpuMeter.between(rawFrom, cpu.snapshot()));
            log(String.format("raw seal %.0f/%.0f per s, open %.0f/%.0f per s (before/after)", sealBefore, sealAfter, openBefore,
                    openAfter));
        }
        List<JfrProfile.Profile> profiles = new ArrayList<>();
        if (settings.profile() && Files.exists(recording)) {
            for (PhaseResult phase : phases) {
                boolean saturated = phase.batch() == 100 && phase.clients() == Collections.max(settings.clients());
                boolean idle = phase.batch() == 100 && phase.clients() == 1;
                if ((saturated || idle) && (phase.operation().equals("encrypt") || phase.operation().equals("decrypt"))) {
                    profiles.add(JfrProfile.summarise(recording, phase.label(), phase.from(), phase.to()));
                }
            }
        }
        return new Report(appProvider, String.join(" ", jvm.subList(0, 3)) + (settings.profile() ? " + JFR sampling every 10 ms" : ""),
                raw, phases, decryptKms, profiles, settings.profile() ? recording : null, postgresVersion);
    }

    /** After a failed rotation the client's idea of the version may be stale: read it back. */
    private static void resync(VaultClient client, long user, Map<Long, Integer> versions) {
        try {
            VaultClient.Response response = client.describeKey(user);
            Matcher matcher = Pattern.compile("\"keyVersion\"\\s*:\\s*(\\d+)").matcher(response.body());
            if (response.status() == 200 && matcher.find()) {
                versions.put(user, Integer.parseInt(matcher.group(1)));
            }
        } catch (IOException ignored) {
            // The next rotation fails again and is counted.
        }
    }

    private static List<Long> concat(List<Long> first, List<Long> second) {
        List<Long> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** One encrypt response kept for the spot check. */
    private record Sample(long user, List<String> ciphertexts) {
    }

    /** A set-up step whose failure makes the whole run meaningless. */
    private interface SetupCheck<T> {
        T get() throws BadResponse;
    }

    private interface SetupStep {
        void run() throws BadResponse;
    }

    private static <T> T checkSetup(SetupCheck<T> check) {
        try {
            return check.get();
        } catch (BadResponse bad) {
            throw new IllegalStateException("set-up request failed: " + bad.getMessage());
        }
    }

    private static void checkSetup(SetupStep step) {
        checkSetup(() -> {
            step.run();
            return null;
        });
    }

    private interface PhaseAction {
        PhaseResult run() throws InterruptedException;
    }

    /** The app's metrics, read before and after each phase. */
    private static final class Metrics {
        private final HttpClient http;
        private final AppProcess app;

        Metrics(HttpClient http, AppProcess app) {
            this.http = http;
            this.app = app;
        }

        String text() throws IOException, InterruptedException {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(app.managementUri().resolve("/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("/metrics answered " + response.statusCode());
            }
            return response.body();
        }

        PhaseResult around(PhaseAction action) throws IOException, InterruptedException {
            Map<String, Long> before = KmsMetrics.callsByOperation(text());
            PhaseResult result = action.run();
            Map<String, Long> after = KmsMetrics.callsByOperation(text());
            return result.withKmsCalls(KmsMetrics.delta(before, after, null));
        }
    }

    static void log(Object message) {
        System.out.println("[load] " + message);
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("vault-app/target/vault-app.jar");
        Path work = Path.of("vault-bench/target/load");
        boolean quick = false;
        boolean profile = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> quick = true;
                case "--no-profile" -> profile = false;
                case "--app-jar" -> jar = Path.of(args[++i]);
                case "--work" -> work = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; use --quick, --no-profile, --app-jar PATH, --work DIR");
            }
        }
        Settings settings = Settings.defaults(jar, work).withProfile(profile);
        Report report = new LoadBenchmark(quick ? settings.quick() : settings).run();
        System.out.println(com.estatekit.vault.bench.report.Report.loadSection(report));
    }
}

package com.estatekit.vault.app;

import com.estatekit.vault.adapter.http.ApiConfig;
import com.estatekit.vault.adapter.http.AuthConfig;
import com.estatekit.vault.adapter.http.HealthCheck;
import com.estatekit.vault.adapter.http.Limits;
import com.estatekit.vault.adapter.http.ManagementServer;
import com.estatekit.vault.adapter.http.RateLimit;
import com.estatekit.vault.adapter.http.VaultHttpApi;
import com.estatekit.vault.adapter.http.VaultUseCases;
import com.estatekit.vault.adapter.kms.AwsKmsKeyVault;
import com.estatekit.vault.adapter.kms.CachingKeyVault;
import com.estatekit.vault.adapter.kms.CryptoProviders;
import com.estatekit.vault.adapter.kms.DevKeyVault;
import com.estatekit.vault.adapter.kms.HpkeCipher;
import com.estatekit.vault.adapter.kms.KmsVaultConfig;
import com.estatekit.vault.adapter.postgres.PostgresConfig;
import com.estatekit.vault.adapter.postgres.PostgresKeyRepository;
import com.estatekit.vault.app.dev.DevDatabase;
import com.estatekit.vault.app.dev.DevMode;
import com.estatekit.vault.app.dev.DevTokenIssuer;
import com.estatekit.vault.domain.port.out.Cipher;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.estatekit.vault.domain.port.out.KeyVault;
import com.estatekit.vault.domain.service.CreateUserKeyService;
import com.estatekit.vault.domain.service.DecryptStringsService;
import com.estatekit.vault.domain.service.DeleteUserKeysService;
import com.estatekit.vault.domain.service.DescribeUserKeyService;
import com.estatekit.vault.domain.service.EncryptStringsService;
import com.estatekit.vault.domain.service.ListKeysDueForRotationService;
import com.estatekit.vault.domain.service.RetireKeyVersionService;
import com.estatekit.vault.domain.service.RotateUserKeyService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the one place that knows every module. Builds each part with plain
 * {@code new} from a {@link VaultConfig} read once, one factory method per part, and owns their
 * lifecycle. Production and dev differ only in {@link #keyCustody} and the token issuer; the API,
 * its token verification and the database are the same code in both.
 */
public final class VaultApplication implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VaultApplication.class);

    /** The scopes of the API, without the configurable prefix. */
    static final List<String> SCOPES = List.of("keys.create", "keys.read", "encrypt", "decrypt", "keys.rotate", "keys.delete");

    private final VaultConfig config;
    private final CryptoProviders.Active crypto;
    private final Optional<DevTokenIssuer> devIssuer;
    private final VaultHttpApi api;
    private final ManagementServer management;
    /** Every part with a lifecycle, in start order; closed in reverse. */
    private final List<AutoCloseable> parts;
    private volatile boolean closed;

    private VaultApplication(VaultConfig config, CryptoProviders.Active crypto, Optional<DevTokenIssuer> devIssuer,
            VaultHttpApi api, ManagementServer management, List<AutoCloseable> parts) {
        this.config = config;
        this.crypto = crypto;
        this.devIssuer = devIssuer;
        this.api = api;
        this.management = management;
        this.parts = List.copyOf(parts);
    }

    /**
     * Builds and starts every part. On failure, whatever was started is stopped again.
     *
     * @throws ConfigurationException when the configuration cannot work (e.g. a dev part in production)
     */
    public static VaultApplication start(VaultConfig config, Clock clock) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            CryptoProviders.Active crypto = CryptoProviders.install();
            PrometheusMeterRegistry registry = meterRegistry(crypto);
            Optional<DevTokenIssuer> devIssuer = devTokenIssuer(config, clock);
            devIssuer.ifPresent(started::add);
            PostgresKeyRepository repository = keyRepository(config, registry);
            started.add(repository);
            KeyVault rawCustody = keyCustody(config);
            if (rawCustody instanceof AutoCloseable closeable) {
                started.add(closeable);
            }
            ObservedKeyVault custody = new ObservedKeyVault(rawCustody, registry);
            CachingKeyVault keyVault = cachedKeyVault(config, custody, registry);
            VaultUseCases useCases = useCases(repository, keyVault, HpkeCipher.withOpenerCache(config.keyCacheTtl()), clock);
            VaultHttpApi api = new VaultHttpApi(useCases, authConfig(config, devIssuer), apiConfig(config), registry, clock).start();
            started.add(api);
            ManagementServer management = new ManagementServer(null, config.managementPort(), registry, List.of(
                    HealthCheck.required("database", repository::isReachable),
                    HealthCheck.informational("kms", custody::lastCallReachedKms))).start();
            started.add(management);
            return new VaultApplication(config, crypto, devIssuer, api, management, started);
        } catch (RuntimeException failure) {
            closeInReverse(started);
            throw failure;
        }
    }

    private static PrometheusMeterRegistry meterRegistry(CryptoProviders.Active crypto) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        Gauge.builder("vault.crypto.provider", () -> 1).description("The JCE provider doing the vault's public-key crypto")
                .tag("kind", crypto.kind().name()).tag("provider", crypto.name()).register(registry);
        return registry;
    }

    private static Optional<DevTokenIssuer> devTokenIssuer(VaultConfig config, Clock clock) {
        return switch (config.environment()) {
            case PRODUCTION -> Optional.empty();
            case DEV -> Optional.of(DevTokenIssuer.start(config.environmentName(), config.devIssuerPort(), prefixed(config.scopePrefix()), clock));
        };
    }

    private static PostgresKeyRepository keyRepository(VaultConfig config, PrometheusMeterRegistry registry) {
        PostgresConfig postgres = switch (config.environment()) {
            case PRODUCTION -> PostgresConfig.of(config.dbUrl().orElseThrow(), config.dbUser().orElse(null),
                    config.dbPassword().orElse(null));
            case DEV -> DevDatabase.ensure(config.dbUrl(), config.dbUser(), config.dbPassword());
        };
        return PostgresKeyRepository.start(postgres.withSchema(config.dbSchema()), registry);
    }

    /** The only switch between real and dev key custody; production never reaches a dev part. */
    private static KeyVault keyCustody(VaultConfig config) {
        return switch (config.environment()) {
            case PRODUCTION -> AwsKmsKeyVault.create(kmsConfig(config));
            case DEV -> DevKeyVault.open(config.devStateDirectory().resolve("dev-kms-master.key"), config.environmentName());
        };
    }

    /** Region and endpoint are the SDK's own settings; read here too so they are validated with the rest. */
    private static KmsVaultConfig kmsConfig(VaultConfig config) {
        KmsVaultConfig kms = KmsVaultConfig.of(config.kmsKeyId().orElseThrow());
        kms = config.awsRegion().map(kms::withRegion).orElse(kms);
        return config.kmsEndpoint().map(kms::withEndpointOverride).orElse(kms);
    }

    private static CachingKeyVault cachedKeyVault(VaultConfig config, KeyVault custody, PrometheusMeterRegistry registry) {
        CachingKeyVault cache = new CachingKeyVault(custody, config.keyCacheTtl());
        FunctionCounter.builder("vault.key.cache.hits", cache, c -> c.stats().hits())
                .description("Unwrapped private keys served from memory").register(registry);
        FunctionCounter.builder("vault.key.cache.misses", cache, c -> c.stats().misses())
                .description("Unwrapped private keys that needed key custody").register(registry);
        Gauge.builder("vault.key.cache.size", cache, CachingKeyVault::size)
                .description("Unwrapped private keys held in memory").register(registry);
        return cache;
    }

    private static VaultUseCases useCases(KeyRepository keys, KeyVault keyVault, Cipher cipher, Clock clock) {
        return new VaultUseCases(
                new CreateUserKeyService(keys, keyVault, clock),
                new DescribeUserKeyService(keys),
                new EncryptStringsService(keys, cipher),
                new DecryptStringsService(keys, keyVault, cipher),
                new RotateUserKeyService(keys, keyVault, cipher, clock),
                new DeleteUserKeysService(keys, keyVault, cipher),
                new RetireKeyVersionService(keys, keyVault, cipher),
                new ListKeysDueForRotationService(keys));
    }

    private static AuthConfig authConfig(VaultConfig config, Optional<DevTokenIssuer> devIssuer) {
        String issuer = devIssuer.map(DevTokenIssuer::issuer).or(config::oauthIssuer).map(URI::toString).orElseThrow();
        return AuthConfig.forIssuer(issuer)
                .withAllowedClientIds(config.oauthClientIds())
                .withScopePrefix(config.scopePrefix());
    }

    private static ApiConfig apiConfig(VaultConfig config) {
        return ApiConfig.onPort(config.httpPort())
                .withLimits(new Limits(config.maxBatchItems(), config.maxItemBytes(), config.maxBodyBytes()))
                .withRateLimit(RateLimit.perClient(config.rateLimitPerClient()));
    }

    static List<String> prefixed(String prefix) {
        return SCOPES.stream().map(scope -> prefix + scope).toList();
    }

    /** The port the API listens on. */
    public int apiPort() {
        return api.port();
    }

    /** The port health and metrics listen on. */
    public int managementPort() {
        return management.port();
    }

    /** The crypto provider in use. */
    public CryptoProviders.Active crypto() {
        return crypto;
    }

    /** The dev token issuer, in dev mode only. */
    public Optional<DevTokenIssuer> devIssuer() {
        return devIssuer;
    }

    /** The configuration the app runs with. */
    public VaultConfig config() {
        return config;
    }

    /** Stops taking requests, finishes those in flight, then closes the pool. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Reverse start order: the API stops taking requests and drains first, the pool closes after.
        closeInReverse(parts);
        LOG.info("EstateKit Vault stopped");
    }

    private static void closeInReverse(List<AutoCloseable> started) {
        for (int i = started.size() - 1; i >= 0; i--) {
            closeQuietly(started.get(i));
        }
    }

    private static void closeQuietly(AutoCloseable part) {
        try {
            part.close();
        } catch (Exception failure) {
            LOG.warn("{} did not close cleanly: {}", part.getClass().getSimpleName(), failure.getClass().getSimpleName());
        }
    }

    /** Reads the environment, starts, and stops on SIGTERM. Exit code 2 means bad configuration. */
    public static void main(String[] args) {
        long startedAt = System.nanoTime();
        VaultConfig config;
        try {
            config = VaultConfig.fromEnvironment(System.getenv());
        } catch (ConfigurationException bad) {
            LOG.error("configuration error: {}", bad.getMessage());
            System.exit(2);
            return;
        }
        VaultApplication app;
        try {
            app = start(config, Clock.systemUTC());
        } catch (RuntimeException failure) {
            LOG.error("EstateKit Vault could not start: {}", failure.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "vault-shutdown"));
        LOG.info("EstateKit Vault started in {} ms: environment={}, api port {}, management port {}, crypto provider {}",
                (System.nanoTime() - startedAt) / 1_000_000, config.environment(), app.apiPort(), app.managementPort(),
                app.crypto().name());
        if (config.environment() == VaultConfig.Environment.DEV) {
            DevMode.announce(app.apiPort(), app.managementPort(), app.devIssuer().orElseThrow(), config.scopePrefix());
        }
    }
}

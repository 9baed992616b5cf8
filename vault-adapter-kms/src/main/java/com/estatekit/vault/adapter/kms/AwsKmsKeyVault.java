package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DataKeyPairSpec;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptionAlgorithmSpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyPairWithoutPlaintextResponse;

/**
 * {@link KeyVault} over AWS KMS with one symmetric master key.
 *
 * <ul>
 *   <li>create: {@code GenerateDataKeyPairWithoutPlaintext(KeyId=master, KeyPairSpec=ECC_NIST_P256,
 *       EncryptionContext)}; the private key never exists in plaintext outside KMS.</li>
 *   <li>unwrap: {@code Decrypt(KeyId=master, CiphertextBlob, EncryptionContext,
 *       EncryptionAlgorithm=SYMMETRIC_DEFAULT)}.</li>
 * </ul>
 *
 * <p>The encryption context binds user and key version (see {@link EncryptionContext}).
 *
 * <p><b>Key id rule.</b> KMS always answers with the key ARN. The answer is accepted when: the
 * configured id is a key ARN and the answer equals it; the configured id is a bare key id and the
 * answer is a key ARN ending {@code :key/<id>}; the configured id is an alias, and the answer is the
 * ARN this instance saw first for that alias (pinned on the first successful call). Anything else
 * is refused: on unwrap the returned key is wiped and the call fails as
 * {@link KeyMaterialUnusableException}; on create as {@link DependencyUnavailableException}.
 * Re-pointing an alias therefore needs a restart, as it also needs the old wrapped keys re-made.
 *
 * <p><b>Errors.</b> Only {@link DependencyUnavailableException} and
 * {@link KeyMaterialUnusableException} leave this class, with fixed reasons; SDK exception messages
 * are neither passed on nor logged (a malformed answer's message could quote the answer).
 */
public final class AwsKmsKeyVault implements KeyVault, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AwsKmsKeyVault.class);

    private final KmsClient client;
    private final boolean ownsClient;
    private final String masterKeyId;
    private final KmsVaultConfig.KeyIdKind masterKeyKind;
    private final AtomicReference<String> pinnedArn = new AtomicReference<>();
    private final KmsFailures failures;

    private AwsKmsKeyVault(KmsClient client, boolean ownsClient, String masterKeyId) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.masterKeyId = masterKeyId;
        this.masterKeyKind = KmsVaultConfig.kindOf(masterKeyId);
        if (masterKeyKind == KmsVaultConfig.KeyIdKind.KEY_ARN) {
            pinnedArn.set(masterKeyId);
        }
        this.failures = new KmsFailures(masterKeyId);
    }

    /**
     * The production vault: a {@link KmsClient} built from {@code config} with the SDK's default
     * credential provider chain.
     *
     * @throws IllegalStateException when the SDK cannot be configured (e.g. no region anywhere)
     */
    public static AwsKmsKeyVault create(KmsVaultConfig config) {
        return create(config, null);
    }

    /**
     * A vault whose client uses {@code credentials} instead of the default chain (tests, or an
     * application that manages its own credentials).
     *
     * @throws IllegalStateException when the SDK cannot be configured (e.g. no region anywhere)
     */
    public static AwsKmsKeyVault create(KmsVaultConfig config, AwsCredentialsProvider credentials) {
        return new AwsKmsKeyVault(buildClient(config, credentials), true, config.masterKeyId());
    }

    /**
     * A vault over a client the caller built and keeps owning (closing this vault leaves it open).
     * Timeouts and retries are whatever that client has.
     *
     * @throws IllegalArgumentException when {@code masterKeyId} is not a key ARN, key id or alias
     */
    public static AwsKmsKeyVault overClient(KmsClient client, String masterKeyId) {
        KmsVaultConfig.of(masterKeyId); // validates the id
        return new AwsKmsKeyVault(client, false, masterKeyId);
    }

    /** The configured master key id, as given. */
    public String masterKeyId() {
        return masterKeyId;
    }

    static KmsClient buildClient(KmsVaultConfig config, AwsCredentialsProvider credentials) {
        Duration connectTimeout = config.apiCallAttemptTimeout().compareTo(Duration.ofSeconds(2)) < 0
                ? config.apiCallAttemptTimeout() : Duration.ofSeconds(2);
        KmsClientBuilder builder = KmsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(connectTimeout)
                        .socketTimeout(config.apiCallAttemptTimeout()))
                .overrideConfiguration(o -> o
                        .apiCallTimeout(config.apiCallTimeout())
                        .apiCallAttemptTimeout(config.apiCallAttemptTimeout())
                        .retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                                .maxAttempts(config.maxAttempts())
                                .build()));
        if (credentials != null) {
            builder.credentialsProvider(credentials);
        }
        if (config.region() != null) {
            builder.region(Region.of(config.region()));
        }
        if (config.endpointOverride() != null) {
            builder.endpointOverride(config.endpointOverride());
        }
        try {
            return builder.build();
        } catch (SdkException e) {
            throw new IllegalStateException("cannot configure the KMS client (" + e.getClass().getSimpleName()
                    + "): set AWS_REGION, or pass a region in the KMS configuration");
        }
    }

    @Override
    public GeneratedKeyPair createKeyPair(UserId userId, KeyVersion version) {
        Map<String, String> context = EncryptionContext.of(userId, version);
        GenerateDataKeyPairWithoutPlaintextResponse response;
        try {
            response = client.generateDataKeyPairWithoutPlaintext(request -> request
                    .keyId(masterKeyId)
                    .keyPairSpec(DataKeyPairSpec.ECC_NIST_P256)
                    .encryptionContext(context));
        } catch (RuntimeException e) {
            throw failures.onCreate(e, userId, version);
        }
        if (!acceptAnsweredKeyId(response.keyId())) {
            LOG.error("KMS answered GenerateDataKeyPairWithoutPlaintext for master key {} with another key ({}); "
                    + "refusing the key pair", masterKeyId, response.keyId());
            throw new DependencyUnavailableException(DependencyUnavailableException.Dependency.KMS,
                    "KMS answered with an unexpected master key", KmsFailures.OPERATOR_RETRY);
        }
        try {
            if (response.keyPairSpec() != DataKeyPairSpec.ECC_NIST_P256 || response.publicKey() == null
                    || response.privateKeyCiphertextBlob() == null) {
                throw new IllegalArgumentException("incomplete answer");
            }
            byte[] spki = response.publicKey().asByteArray();
            P256Der.pointFromSpki(spki);
            return new GeneratedKeyPair(EncodedPublicKey.ofDer(spki),
                    WrappedPrivateKey.of(response.privateKeyCiphertextBlob().asByteArrayUnsafe()), response.keyId());
        } catch (IllegalArgumentException malformed) {
            LOG.error("KMS answered GenerateDataKeyPairWithoutPlaintext with something that is not a P-256 key pair; "
                    + "refusing it");
            throw new DependencyUnavailableException(DependencyUnavailableException.Dependency.KMS,
                    "KMS answered with an unexpected key pair", KmsFailures.TRANSIENT_RETRY);
        }
    }

    @Override
    public PrivateKeyMaterial unwrap(UserId userId, KeyVersion version, WrappedPrivateKey wrappedPrivateKey) {
        Map<String, String> context = EncryptionContext.of(userId, version);
        DecryptResponse response;
        try {
            response = client.decrypt(request -> request
                    .keyId(masterKeyId)
                    .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(wrappedPrivateKey.bytes()))
                    .encryptionContext(context)
                    .encryptionAlgorithm(EncryptionAlgorithmSpec.SYMMETRIC_DEFAULT));
        } catch (RuntimeException e) {
            throw failures.onUnwrap(e, userId, version, wrappedPrivateKey.length());
        }
        byte[] pkcs8 = response.plaintext() == null ? null : response.plaintext().asByteArrayUnsafe();
        if (!acceptAnsweredKeyId(response.keyId())) {
            wipe(pkcs8);
            KmsFailures.SECURITY.warn("security event: KMS decrypted the wrapped private key of user {} key version {} "
                    + "with master key {} instead of the configured {}; the key was discarded",
                    userId, version, response.keyId(), masterKeyId);
            throw new KeyMaterialUnusableException(userId, version);
        }
        if (pkcs8 == null || pkcs8.length == 0) {
            LOG.error("KMS answered Decrypt without a plaintext; treating KMS as unavailable");
            throw new DependencyUnavailableException(DependencyUnavailableException.Dependency.KMS,
                    "KMS answered without a key", KmsFailures.TRANSIENT_RETRY);
        }
        // The response's array becomes the caller's key: closing it wipes the only copy we made.
        return PrivateKeyMaterial.takeOwnership(pkcs8);
    }

    /** Nothing is held in memory here; {@link CachingKeyVault} holds keys. */
    @Override
    public void forget(UserId userId) {
        // Nothing to drop.
    }

    /** Closes the KMS client when this vault built it. */
    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** The key id rule of the class comment. */
    boolean acceptAnsweredKeyId(String answered) {
        if (!KmsVaultConfig.isKeyArn(answered)) {
            return false;
        }
        switch (masterKeyKind) {
            case KEY_ARN:
                return masterKeyId.equals(answered);
            case KEY_ID:
                return answered.endsWith(":key/" + masterKeyId);
            case ALIAS:
                if (masterKeyId.startsWith("arn:") && !sameRegionAndAccount(masterKeyId, answered)) {
                    return false;
                }
                pinnedArn.compareAndSet(null, answered);
                return answered.equals(pinnedArn.get());
            default:
                throw new IllegalStateException("unknown key id kind " + masterKeyKind);
        }
    }

    private static boolean sameRegionAndAccount(String aliasArn, String keyArn) {
        // arn:partition:kms:region:account:resource — the first five fields must agree.
        String[] alias = aliasArn.split(":", 6);
        String[] key = keyArn.split(":", 6);
        return Arrays.equals(alias, 0, 5, key, 0, 5);
    }

    private static void wipe(byte[] bytes) {
        if (bytes != null) {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}

package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.estatekit.vault.adapter.kms.KmsWireTestServer.Fault;
import com.estatekit.vault.adapter.kms.KmsWireTestServer.RecordedRequest;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.VaultException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The AWS adapter with the real SDK client against the KMS wire test server. */
class AwsKmsKeyVaultWireTest {

    private static final UserId ALICE = UserId.of(42);
    private static final KeyVersion V1 = KeyVersion.of(1);
    private static final KeyVersion V7 = KeyVersion.of(7);
    private static final Map<String, String> ALICE_V1_CONTEXT = Map.of(
            "estatekit:vault", "user-key", "estatekit:userId", "42", "estatekit:keyVersion", "1");

    private KmsWireTestServer kms;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void providers() {
        CryptoProviders.install();
    }

    @BeforeEach
    void start() {
        kms = KmsWireTestServer.start();
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
        kms.close();
    }

    private AwsKmsKeyVault vault(KmsVaultConfig config) {
        AwsKmsKeyVault vault = AwsKmsKeyVault.create(config, KmsWireTestServer.credentials());
        toClose.add(vault);
        return vault;
    }

    /** Short budgets so failure tests are quick: 2 attempts of at most 400 ms within 1 s. */
    private AwsKmsKeyVault quickVault() {
        return vault(kms.vaultConfig().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(400)).withMaxAttempts(2));
    }

    // ------------------------------------------------------------------ what goes over the wire

    @Test
    void create_asks_for_a_p256_pair_under_the_master_key_with_the_user_and_version_as_context() {
        GeneratedKeyPair pair = vault(kms.vaultConfig()).createKeyPair(ALICE, V1);

        assertThat(kms.requests()).containsExactly(new RecordedRequest("GenerateDataKeyPairWithoutPlaintext",
                kms.masterKeyArn(), "ECC_NIST_P256", ALICE_V1_CONTEXT, null, "application/x-amz-json-1.1", true));
        assertThat(pair.kmsKeyId()).isEqualTo(kms.masterKeyArn());
        assertThat(pair.publicKey().der()).hasSize(91);
    }

    @Test
    void unwrap_decrypts_under_the_master_key_with_the_same_context() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig());
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V7);
        kms.clearRequests();

        try (PrivateKeyMaterial key = vault.unwrap(ALICE, V7, pair.wrappedPrivateKey())) {
            assertThat(P256Der.parsePkcs8(key.copyPkcs8()).pointOrNull())
                    .isEqualTo(P256Der.pointFromSpki(pair.publicKey().der()));
        }
        assertThat(kms.requests()).containsExactly(new RecordedRequest("Decrypt", kms.masterKeyArn(), null,
                Map.of("estatekit:vault", "user-key", "estatekit:userId", "42", "estatekit:keyVersion", "7"),
                "SYMMETRIC_DEFAULT", "application/x-amz-json-1.1", true));
    }

    @Test
    void a_plain_sdk_client_from_the_test_server_works_with_the_adapter() {
        try (var client = kms.newKmsClient()) {
            AwsKmsKeyVault vault = AwsKmsKeyVault.overClient(client, kms.masterKeyArn());
            GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
            vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()).close();
            vault.close(); // leaves the caller's client open
            vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()).close();
        }
    }

    // ------------------------------------------------------------------ error mapping

    @ParameterizedTest
    @EnumSource(Fault.class)
    void every_kms_error_on_unwrap_becomes_one_of_the_two_domain_failures(Fault fault) {
        AwsKmsKeyVault vault = quickVault();
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.failAlways(fault);

        Throwable thrown = catchThrowable(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()));

        switch (fault) {
            case INVALID_CIPHERTEXT, INCORRECT_KEY -> assertThat(thrown).isInstanceOf(KeyMaterialUnusableException.class)
                    .hasMessage("wrapped private key of user 42 version 1 cannot be unwrapped");
            default -> assertThat(thrown).isInstanceOf(DependencyUnavailableException.class)
                    .hasMessage("kms unavailable: " + expectedReason(fault))
                    .extracting(e -> ((DependencyUnavailableException) e).retryAfter())
                    .isEqualTo(expectedRetryAfter(fault));
        }
        assertThat(thrown.getCause()).isNull();
        if (fault.message != null) {
            assertThat(thrown.getMessage()).doesNotContain(fault.message);
        }
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void every_kms_error_on_create_becomes_unavailable(Fault fault) {
        AwsKmsKeyVault vault = quickVault();
        kms.failAlways(fault);

        Throwable thrown = catchThrowable(() -> vault.createKeyPair(ALICE, V1));

        assertThat(thrown).isInstanceOf(DependencyUnavailableException.class).hasNoCause();
        String reason = fault == Fault.INVALID_CIPHERTEXT || fault == Fault.INCORRECT_KEY ? "unexpected error" : expectedReason(fault);
        assertThat(thrown).hasMessage("kms unavailable: " + reason);
    }

    private static String expectedReason(Fault fault) {
        return switch (fault) {
            case THROTTLING -> "throttled";
            case INTERNAL_ERROR -> "internal error";
            case DEPENDENCY_TIMEOUT -> "dependency timeout";
            case KEY_UNAVAILABLE -> "master key unavailable";
            case DISABLED, INVALID_STATE, NOT_FOUND, INVALID_KEY_USAGE -> "master key not usable";
            case ACCESS_DENIED -> "access denied";
            case VALIDATION -> "unexpected error";
            case INVALID_CIPHERTEXT, INCORRECT_KEY -> throw new IllegalArgumentException("not an unavailable fault");
        };
    }

    private static Duration expectedRetryAfter(Fault fault) {
        return switch (fault) {
            case KEY_UNAVAILABLE -> Duration.ofSeconds(5);
            case DISABLED, INVALID_STATE, NOT_FOUND, INVALID_KEY_USAGE, ACCESS_DENIED -> Duration.ofSeconds(30);
            default -> Duration.ofSeconds(2);
        };
    }

    @Test
    void a_transient_throttle_is_retried_by_the_sdk_and_succeeds() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig());
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.clearRequests();
        kms.throttleNext(1);

        vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()).close();

        assertThat(kms.requests("Decrypt")).hasSize(2);
    }

    @Test
    void sustained_throttling_ends_as_unavailable_within_the_call_budget() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500)).withMaxAttempts(10));
        kms.throttleAll();

        long start = System.nanoTime();
        Throwable thrown = catchThrowable(() -> vault.createKeyPair(ALICE, V1));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(thrown).isInstanceOf(DependencyUnavailableException.class);
        assertThat(thrown.getMessage()).matches("kms unavailable: (throttled|timed out)");
        assertThat(took).isLessThan(Duration.ofMillis(2500));
        assertThat(kms.requests()).hasSizeGreaterThan(1); // it did retry, with back-off, not hammering
    }

    @Test
    void answers_slower_than_the_attempt_timeout_end_as_unavailable_within_the_call_budget() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig().withTimeouts(Duration.ofMillis(900), Duration.ofMillis(300)).withMaxAttempts(2));
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.delayAnswers(Duration.ofSeconds(3));

        long start = System.nanoTime();
        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("kms unavailable: timed out");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
    }

    @Test
    void a_kms_that_cannot_be_reached_is_unavailable() {
        KmsVaultConfig config = kms.vaultConfig().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(400)).withMaxAttempts(2);
        kms.close();

        assertThatThrownBy(() -> vault(config).createKeyPair(ALICE, V1))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessageMatching("kms unavailable: (unreachable|timed out)");
        kms = KmsWireTestServer.start();
    }

    @Test
    void a_disabled_master_key_makes_kms_unavailable() {
        AwsKmsKeyVault vault = quickVault();
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.disableKey(kms.masterKeyArn());

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(DependencyUnavailableException.class).hasMessage("kms unavailable: master key not usable");
        assertThatThrownBy(() -> vault.createKeyPair(ALICE, V1))
                .isInstanceOf(DependencyUnavailableException.class).hasMessage("kms unavailable: master key not usable");
    }

    @Test
    void a_master_key_pending_deletion_makes_kms_unavailable() {
        AwsKmsKeyVault vault = quickVault();
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.scheduleKeyDeletion(kms.masterKeyArn());

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(DependencyUnavailableException.class).hasMessage("kms unavailable: master key not usable");
    }

    // ------------------------------------------------------------------ binding to the master key

    @Test
    void a_key_wrapped_under_another_master_key_does_not_unwrap() {
        String otherArn = kms.addMasterKey();
        GeneratedKeyPair elsewhere = vault(kms.vaultConfig(otherArn)).createKeyPair(ALICE, V1);
        AwsKmsKeyVault vault = vault(kms.vaultConfig());

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, elsewhere.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
        assertThat(kms.requests("Decrypt")).extracting(RecordedRequest::keyId).containsExactly(kms.masterKeyArn());
    }

    @Test
    void a_key_wrapped_by_another_kms_does_not_unwrap() {
        GeneratedKeyPair foreign;
        try (KmsWireTestServer other = KmsWireTestServer.start();
             AwsKmsKeyVault otherVault = AwsKmsKeyVault.create(other.vaultConfig(), KmsWireTestServer.credentials())) {
            foreign = otherVault.createKeyPair(ALICE, V1);
        }

        assertThatThrownBy(() -> vault(kms.vaultConfig()).unwrap(ALICE, V1, foreign.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_decrypt_answer_naming_another_key_is_refused() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig());
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.answerDecryptWithKeyId(kms.addMasterKey());

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_decrypt_answer_without_a_key_arn_is_refused() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig());
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.answerDecryptWithKeyId(KmsWireTestServer.DEFAULT_ALIAS);

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_bare_key_id_accepts_only_the_arn_of_that_key() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig(kms.masterKeyId()));
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()).close();
        assertThat(pair.kmsKeyId()).isEqualTo(kms.masterKeyArn());

        kms.answerDecryptWithKeyId(kms.addMasterKey());
        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void an_alias_is_pinned_to_the_first_key_arn_kms_answers_with() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig(KmsWireTestServer.DEFAULT_ALIAS));
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        assertThat(pair.kmsKeyId()).isEqualTo(kms.masterKeyArn());
        assertThat(kms.requests().get(0).keyId()).isEqualTo(KmsWireTestServer.DEFAULT_ALIAS);
        vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()).close();

        kms.answerDecryptWithKeyId(kms.addMasterKey());
        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void an_alias_moved_to_another_key_does_not_unwrap_keys_made_under_the_old_one() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig(KmsWireTestServer.DEFAULT_ALIAS));
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.setAlias(KmsWireTestServer.DEFAULT_ALIAS, kms.addMasterKey());

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
        assertThatThrownBy(() -> vault.createKeyPair(ALICE, V1))
                .isInstanceOf(DependencyUnavailableException.class)
                .hasMessage("kms unavailable: KMS answered with an unexpected master key");
    }

    @Test
    void an_alias_arn_refuses_a_key_of_another_account() {
        AwsKmsKeyVault vault = vault(kms.vaultConfig(
                "arn:aws:kms:" + KmsWireTestServer.REGION + ":" + KmsWireTestServer.ACCOUNT + ":" + KmsWireTestServer.DEFAULT_ALIAS));
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.answerDecryptWithKeyId("arn:aws:kms:eu-west-1:999999999999:key/" + java.util.UUID.randomUUID());

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    // ------------------------------------------------------------------ the cache in front of real KMS

    @Test
    void fifty_concurrent_decrypts_of_one_key_cost_one_kms_call() throws Exception {
        AwsKmsKeyVault aws = vault(kms.vaultConfig());
        CachingKeyVault vault = new CachingKeyVault(aws, Duration.ofSeconds(60));
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.clearRequests();
        kms.delayAnswers(Duration.ofMillis(200));
        int callers = 50;
        CyclicBarrier start = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<byte[]>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try (PrivateKeyMaterial key = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
                        return key.copyPkcs8();
                    }
                }));
            }
            byte[] first = results.get(0).get(10, TimeUnit.SECONDS);
            for (Future<byte[]> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo(first);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(kms.requests("Decrypt")).hasSize(1);
    }

    @Test
    void no_sdk_exception_escapes_even_for_an_unknown_error() {
        AwsKmsKeyVault vault = quickVault();
        kms.failAlways(Fault.VALIDATION);

        Throwable thrown = catchThrowable(() -> vault.createKeyPair(ALICE, V1));

        assertThat(thrown).isInstanceOf(VaultException.class).hasNoCause();
        assertThat(thrown.getClass().getName()).startsWith("com.estatekit.vault.domain.model.");
    }
}

package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.estatekit.vault.adapter.kms.KmsWireTestServer.Fault;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Error paths log what operators need, and never key material: no wrapped blob, no private key, in
 * any encoding, in any log line or exception message.
 */
class NoSecretsInLogsTest {

    private static final UserId ALICE = UserId.of(42);
    private static final KeyVersion V1 = KeyVersion.of(1);

    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private KmsWireTestServer kms;
    private AwsKmsKeyVault vault;

    @BeforeEach
    void capture() {
        CryptoProviders.install();
        appender.start();
        root.addAppender(appender);
        kms = KmsWireTestServer.start();
        vault = AwsKmsKeyVault.create(kms.vaultConfig().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(400)).withMaxAttempts(2),
                KmsWireTestServer.credentials());
    }

    @AfterEach
    void release() {
        root.detachAppender(appender);
        vault.close();
        kms.close();
    }

    private List<String> logText() {
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent event : appender.list) {
            lines.add(event.getLoggerName() + " " + event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : " " + event.getThrowableProxy().getMessage()));
        }
        return lines;
    }

    /** Every way a byte string might be written down. */
    private static List<String> spellings(byte[] secret) {
        return List.of(Base64.getEncoder().encodeToString(secret), Base64.getUrlEncoder().withoutPadding().encodeToString(secret),
                HexFormat.of().formatHex(secret), HexFormat.of().withUpperCase().formatHex(secret),
                // a distinctive slice, in case only part of it is quoted
                Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(secret, secret.length / 2, secret.length / 2 + 12)));
    }

    private void assertNothingQuotes(byte[] secret, Throwable... thrown) {
        List<String> lines = logText();
        for (String spelling : spellings(secret)) {
            assertThat(lines).noneMatch(line -> line.contains(spelling));
            for (Throwable t : thrown) {
                assertThat(String.valueOf(t)).doesNotContain(spelling);
            }
        }
    }

    @Test
    void a_refused_wrapped_key_is_a_security_event_that_names_user_and_version_but_not_the_blob() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        byte[] blob = pair.wrappedPrivateKey().bytes();
        blob[blob.length - 1] ^= 0x01;

        Throwable thrown = catchThrowable(() -> vault.unwrap(ALICE, V1, WrappedPrivateKey.of(blob)));

        assertThat(appender.list).anySatisfy(event -> {
            assertThat(event.getLoggerName()).isEqualTo("com.estatekit.vault.security");
            assertThat(event.getFormattedMessage()).contains("user 42 key version 1").contains("InvalidCiphertextException");
        });
        assertNothingQuotes(blob, thrown);
        assertNothingQuotes(pair.wrappedPrivateKey().bytes(), thrown);
    }

    @Test
    void a_decrypt_answer_from_the_wrong_key_is_logged_without_the_key_it_carried() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        byte[] privateKey;
        try (PrivateKeyMaterial key = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
            privateKey = key.copyPkcs8();
        }
        kms.answerDecryptWithKeyId(kms.addMasterKey());

        Throwable thrown = catchThrowable(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()));

        assertThat(appender.list).anySatisfy(event -> assertThat(event.getFormattedMessage()).contains("security event"));
        assertNothingQuotes(privateKey, thrown);
        assertNothingQuotes(java.util.Arrays.copyOfRange(privateKey, privateKey.length - 65, privateKey.length), thrown);
    }

    @Test
    void operator_errors_name_the_master_key_and_the_kms_error_but_no_kms_message() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.failAlways(Fault.ACCESS_DENIED);

        Throwable thrown = catchThrowable(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()));

        assertThat(appender.list).anySatisfy(event -> {
            assertThat(event.getLevel().toString()).isEqualTo("ERROR");
            assertThat(event.getFormattedMessage()).contains(kms.masterKeyArn()).contains("AccessDeniedException");
        });
        assertThat(logText()).noneMatch(line -> line.contains(Fault.ACCESS_DENIED.message));
        assertThat(thrown.getMessage()).doesNotContain(Fault.ACCESS_DENIED.message);
        assertNothingQuotes(pair.wrappedPrivateKey().bytes(), thrown);
    }

    @Test
    void a_disabled_master_key_gets_an_operator_line_saying_what_to_check() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.disableKey(kms.masterKeyArn());

        catchThrowable(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()));

        assertThat(appender.list).anySatisfy(event -> assertThat(event.getFormattedMessage())
                .contains("is not usable").contains("DisabledException").contains("enabled"));
    }

    @Test
    void timeouts_and_throttling_log_warnings_without_key_material() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        kms.throttleAll();
        Throwable throttled = catchThrowable(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()));
        kms.reset();
        kms.delayAnswers(Duration.ofSeconds(2));
        Throwable timedOut = catchThrowable(() -> vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()));

        assertThat(logText()).anyMatch(line -> line.contains("throttled")).anyMatch(line -> line.contains("timed out"));
        assertNothingQuotes(pair.wrappedPrivateKey().bytes(), throttled, timedOut);
    }

    @Test
    void secret_types_do_not_print_their_bytes() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        try (PrivateKeyMaterial key = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
            byte[] pkcs8 = key.copyPkcs8();
            for (String spelling : spellings(pkcs8)) {
                assertThat(String.valueOf(key)).doesNotContain(spelling);
            }
            for (String spelling : spellings(pair.wrappedPrivateKey().bytes())) {
                assertThat(String.valueOf(pair)).doesNotContain(spelling);
            }
        }
    }
}

package com.estatekit.vault.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.SoftwareEc;
import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.out.Cipher;
import java.security.KeyPair;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What every {@link Cipher} must do, with JDK-made P-256 keys in the DER forms KMS returns. */
public abstract class CipherContract {

    protected static final UserId ALICE = UserId.of(42);
    protected static final UserId BOB = UserId.of(43);
    protected static final KeyVersion V1 = KeyVersion.of(1);
    protected static final KeyVersion V2 = KeyVersion.of(2);

    protected Cipher cipher;
    protected EncodedPublicKey publicKey;
    protected byte[] pkcs8;

    /** A cipher to test; called before every test. */
    protected abstract Cipher newCipher();

    @BeforeEach
    void createCipherAndKey() {
        cipher = newCipher();
        KeyPair pair = SoftwareEc.generateP256();
        publicKey = EncodedPublicKey.ofDer(pair.getPublic().getEncoded());
        pkcs8 = pair.getPrivate().getEncoded();
    }

    protected SealedValue seal(UserId user, KeyVersion version, String text) {
        try (Plaintext plaintext = Plaintext.ofString(text)) {
            return cipher.sealer(user, version, publicKey).seal(plaintext);
        }
    }

    protected Optional<String> open(UserId user, KeyVersion version, SealedValue value) {
        try (PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(pkcs8.clone())) {
            return cipher.opener(user, version, key).open(value).map(Plaintext::asString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "123-45-6789", "Grüße aus Köln", "😀🔐", "北京市朝阳区", "e\u0301\u0301", "line\nbreak\u0000nul"})
    void what_is_sealed_opens_to_the_same_string(String text) {
        SealedValue sealed = seal(ALICE, V1, text);

        assertThat(sealed.version()).isEqualTo(V1);
        assertThat(sealed.payload()).hasSize(SealedValue.MIN_PAYLOAD_BYTES + Plaintext.ofString(text).length());
        assertThat(open(ALICE, V1, sealed)).contains(text);
    }

    @Test
    void a_one_mebibyte_string_round_trips() {
        String big = "x".repeat(1 << 20);

        assertThat(open(ALICE, V1, seal(ALICE, V1, big))).contains(big);
    }

    @Test
    void sealing_twice_gives_different_values() {
        assertThat(seal(ALICE, V1, "same")).isNotEqualTo(seal(ALICE, V1, "same"));
    }

    @Test
    void a_value_sealed_for_another_user_does_not_open() {
        assertThat(open(BOB, V1, seal(ALICE, V1, "secret"))).isEmpty();
    }

    @Test
    void a_value_sealed_under_another_version_does_not_open() {
        SealedValue sealed = seal(ALICE, V1, "secret");
        SealedValue relabelled = SealedValue.of(V2, sealed.payload());

        assertThat(open(ALICE, V2, relabelled)).isEmpty();
        assertThat(open(ALICE, V2, sealed)).isEmpty();
    }

    @Test
    void a_value_sealed_to_another_key_does_not_open() {
        SealedValue sealed = seal(ALICE, V1, "secret");
        pkcs8 = SoftwareEc.generateP256().getPrivate().getEncoded();

        assertThat(open(ALICE, V1, sealed)).isEmpty();
    }

    @Test
    void a_flipped_bit_anywhere_stops_the_value_opening() {
        SealedValue sealed = seal(ALICE, V1, "account 12345678");
        byte[] payload = sealed.payload();
        // First byte of enc, inside enc, first byte of ct, last byte of the tag.
        for (int index : new int[] {0, 40, SealedValue.ENCAPSULATED_KEY_BYTES, payload.length - 1}) {
            byte[] tampered = payload.clone();
            tampered[index] ^= 0x01;
            assertThat(open(ALICE, V1, SealedValue.of(V1, tampered))).as("flip at %d", index).isEmpty();
        }
    }

    @Test
    void a_truncated_value_does_not_open() {
        byte[] payload = seal(ALICE, V1, "account 12345678").payload();
        byte[] truncated = java.util.Arrays.copyOf(payload, payload.length - 1);

        assertThat(open(ALICE, V1, SealedValue.of(V1, truncated))).isEmpty();
    }

    @Test
    void the_opener_does_not_need_the_private_key_after_it_is_made() {
        SealedValue sealed = seal(ALICE, V1, "still works");
        PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(pkcs8.clone());
        Cipher.Opener opener = cipher.opener(ALICE, V1, key);
        key.close();

        assertThat(opener.open(sealed)).map(Plaintext::asString).contains("still works");
    }

    @Test
    void a_public_key_that_is_not_p256_is_refused() {
        EncodedPublicKey garbage = EncodedPublicKey.ofDer(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

        assertThatThrownBy(() -> cipher.sealer(ALICE, V1, garbage)).isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_private_key_that_is_not_pkcs8_is_refused() {
        PrivateKeyMaterial garbage = PrivateKeyMaterial.takeOwnership(new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

        assertThatThrownBy(() -> cipher.opener(ALICE, V1, garbage)).isInstanceOf(KeyMaterialUnusableException.class);
    }
}

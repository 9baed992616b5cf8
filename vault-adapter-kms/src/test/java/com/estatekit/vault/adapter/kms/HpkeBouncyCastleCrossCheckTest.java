package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.SoftwareEc;
import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.hpke.HPKE;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Our cipher against an independent HPKE implementation (Bouncy Castle) for our exact suite,
 * DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, with keys in the DER forms KMS returns,
 * our info string and an empty aad, in both directions.
 */
class HpkeBouncyCastleCrossCheckTest {

    private static final UserId USER = UserId.of(9_007_199_254_740_993L);
    private static final KeyVersion VERSION = KeyVersion.of(12);
    private static final String TEXT = "IBAN DE89 3704 0044 0532 0130 00 · Grüße 😀";

    private final HPKE bc = new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, HPKE.aead_AES_GCM256);
    private final KeyPair pair = SoftwareEc.generateP256();
    private final byte[] spki = pair.getPublic().getEncoded();
    /** As KMS returns it: PKCS#8 with the public key inside. */
    private final byte[] pkcs8 = P256Der.pkcs8(P256Der.toFixed(((ECPrivateKey) pair.getPrivate()).getS()),
            SoftwareEc.uncompressed((ECPublicKey) pair.getPublic()));
    private final HpkeCipher cipher = new HpkeCipher();

    @BeforeAll
    static void providers() {
        CryptoProviders.install();
    }

    private AsymmetricCipherKeyPair bcRecipient() {
        P256Der.PrivateKeyParts parts = P256Der.parsePkcs8(pkcs8);
        return bc.deserializePrivateKey(parts.scalar(), parts.pointOrNull());
    }

    private Optional<String> ourOpen(UserId user, SealedValue value) {
        try (PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(pkcs8.clone())) {
            return cipher.opener(user, VERSION, key).open(value).map(Plaintext::asString);
        }
    }

    private SealedValue bcSeal(byte[] info, byte[] aad) throws InvalidCipherTextException {
        byte[][] ctAndEnc = bc.seal(bc.deserializePublicKey(P256Der.pointFromSpki(spki)), info, aad,
                TEXT.getBytes(StandardCharsets.UTF_8), null, null, null);
        byte[] ct = ctAndEnc[0];
        byte[] enc = ctAndEnc[1];
        assertThat(enc).hasSize(65);
        byte[] payload = Arrays.copyOf(enc, enc.length + ct.length);
        System.arraycopy(ct, 0, payload, enc.length, ct.length);
        return SealedValue.of(VERSION, payload);
    }

    @Test
    void what_bouncy_castle_seals_our_cipher_opens() throws Exception {
        SealedValue sealed = bcSeal(SealedValue.hpkeInfo(USER, VERSION), new byte[0]);

        assertThat(ourOpen(USER, sealed)).contains(TEXT);
    }

    @Test
    void what_our_cipher_seals_bouncy_castle_opens() throws Exception {
        SealedValue sealed;
        try (Plaintext plaintext = Plaintext.ofString(TEXT)) {
            sealed = cipher.sealer(USER, VERSION, EncodedPublicKey.ofDer(spki)).seal(plaintext);
        }
        byte[] payload = sealed.payload();
        byte[] enc = Arrays.copyOf(payload, 65);
        byte[] ct = Arrays.copyOfRange(payload, 65, payload.length);

        byte[] opened = bc.open(enc, bcRecipient(), SealedValue.hpkeInfo(USER, VERSION), new byte[0], ct, null, null, null);

        assertThat(new String(opened, StandardCharsets.UTF_8)).isEqualTo(TEXT);
    }

    @Test
    void bouncy_castle_refuses_our_value_under_another_users_info() throws Exception {
        SealedValue sealed;
        try (Plaintext plaintext = Plaintext.ofString(TEXT)) {
            sealed = cipher.sealer(USER, VERSION, EncodedPublicKey.ofDer(spki)).seal(plaintext);
        }
        byte[] payload = sealed.payload();

        assertThatThrownBy(() -> bc.open(Arrays.copyOf(payload, 65), bcRecipient(), SealedValue.hpkeInfo(UserId.of(1), VERSION),
                new byte[0], Arrays.copyOfRange(payload, 65, payload.length), null, null, null))
                .isInstanceOf(InvalidCipherTextException.class);
    }

    @Test
    void a_bouncy_castle_value_with_another_info_or_a_non_empty_aad_does_not_open_in_ours() throws Exception {
        assertThat(ourOpen(USER, bcSeal(SealedValue.hpkeInfo(USER, KeyVersion.of(11)), new byte[0]))).isEmpty();
        assertThat(ourOpen(USER, bcSeal(SealedValue.hpkeInfo(USER, VERSION), new byte[] {0}))).isEmpty();
    }

    @Test
    void the_info_is_the_ascii_string_of_the_public_format() {
        assertThat(new String(SealedValue.hpkeInfo(USER, VERSION), StandardCharsets.US_ASCII))
                .isEqualTo("estatekit-vault:ek1:user:9007199254740993:key:12");
    }
}

package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;

import com.estatekit.vault.domain.fake.SoftwareEc;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.util.HexFormat;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.hpke.HPKE;
import org.bouncycastle.crypto.hpke.HPKEContext;
import org.bouncycastle.crypto.hpke.HPKEContextWithEncapsulation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Known-answer tests for DHKEM(P-256, HKDF-SHA256) from RFC 9180 Appendix A.3 (base mode, A.3.1),
 * run through Bouncy Castle's HPKE, which unlike Tink's public API accepts a fixed ephemeral key and
 * an AAD. The recipient keys reach Bouncy Castle through our own import path: the JDK encodes the
 * vector's keys as SubjectPublicKeyInfo / PKCS#8 (as KMS returns them) and {@link P256Der} and
 * {@link HpkeCipher} read them back. Then our cipher opens what the vector's ephemeral key seals.
 */
class HpkeRfc9180VectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    /** RFC 9180 A.3.1: DHKEM(P-256, HKDF-SHA256), HKDF-SHA256, AES-128-GCM, base mode. */
    static final class A31 {
        static final byte[] INFO = HEX.parseHex("4f6465206f6e2061204772656369616e2055726e"); // "Ode on a Grecian Urn"
        static final byte[] SK_EM = HEX.parseHex("4995788ef4b9d6132b249ce59a77281493eb39af373d236a1fe415cb0c2d7beb");
        static final byte[] PK_EM = HEX.parseHex("04a92719c6195d5085104f469a8b9814d5838ff72b60501e2c4466e5e67b325ac9"
                + "8536d7b61a1af4b78e5b7f951c0900be863c403ce65c9bfcb9382657222d18c4");
        static final byte[] SK_RM = HEX.parseHex("f3ce7fdae57e1a310d87f1ebbde6f328be0a99cdbcadf4d6589cf29de4b8ffd2");
        static final byte[] PK_RM = HEX.parseHex("04fe8c19ce0905191ebc298a9245792531f26f0cece2460639e8bc39cb7f706a82"
                + "6a779b4cf969b8a0e539c7f62fb3d30ad6aa8f80e30f1d128aafd68a2ce72ea0");
        static final byte[] ENC = PK_EM;
        static final byte[] PT = HEX.parseHex("4265617574792069732074727574682c20747275746820626561757479"); // "Beauty is truth, truth beauty"
        static final byte[] AAD_0 = HEX.parseHex("436f756e742d30"); // "Count-0"
        static final byte[] CT_0 = HEX.parseHex("5ad590bb8baa577f8619db35a36311226a896e7342a6d836d8b7bcd2f20b6c7f9076ac232e3ab2523f39513434");
        static final byte[] AAD_1 = HEX.parseHex("436f756e742d31"); // "Count-1"
        static final byte[] CT_1 = HEX.parseHex("fa6f037b47fc21826b610172ca9637e82d6e5801eb31cbd3748271affd4ecb06646e0329cbdf3c3cd655b28e82");
    }

    /**
     * The same KEM with our exact AEAD (AES-256-GCM): the base-mode entry of the CFRG's
     * test-vectors.json, the file RFC 9180's appendix is generated from (the RFC prints only the
     * AES-128-GCM suite for P-256).
     */
    static final class P256Aes256Gcm {
        static final byte[] SK_EM = HEX.parseHex("90345e3a1d116c1dd39ae76d95ab858c142223a63e44f8f85318cfa91a84858e");
        static final byte[] PK_RM = HEX.parseHex("04abc7e49a4c6b3566d77d0304addc6ed0e98512ffccf505e6a8e3eb25c685136f"
                + "853148544876de76c0f2ef99cdc3a05ccf5ded7860c7c021238f9e2073d2356c");
        static final byte[] SK_RM = HEX.parseHex("317f915db7bc629c48fe765587897e01e282d3e8445f79f27f65d031a88082b2");
        static final byte[] ENC = HEX.parseHex("04c06b4f6bebc7bb495cb797ab753f911aff80aefb86fd8b6fcc35525f3ab5f03e"
                + "0b21bd31a86c6048af3cb2d98e0d3bf01da5cc4c39ff5370d331a4f1f7d5a4e0");
        static final byte[] CT_0 = HEX.parseHex("58c61a45059d0c5704560e9d88b564a8b63f1364b8d1fcb3c4c6ddc1d291742465e902cd216f8908da49f8f96f");
        static final byte[] CT_1 = HEX.parseHex("b4e7c90d1dd62cb563694956eb517ab55d5e7d1f6366a0066c04ababaa444dbaf60a30d7bb7d3e91b969762dee");
    }

    @BeforeAll
    static void providers() {
        CryptoProviders.install();
    }

    /** The vector's public point as the JDK encodes it (SPKI), read back by our import. */
    private static byte[] importedPublicPoint(byte[] point) throws Exception {
        ECPublicKey jdk = SoftwareEc.fromUncompressed(point, SoftwareEc.publicKey(SoftwareEc.generateP256().getPublic().getEncoded()).getParams());
        return P256Der.pointFromSpki(jdk.getEncoded());
    }

    /** The vector's private scalar as the JDK encodes it (PKCS#8, scalar only). */
    private static byte[] jdkPkcs8(byte[] scalar) throws Exception {
        ECPublicKey anyKey = (ECPublicKey) SoftwareEc.generateP256().getPublic();
        return KeyFactory.getInstance("EC", "SunEC")
                .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), anyKey.getParams())).getEncoded();
    }

    private static HPKE bc(short aead) {
        return new HPKE(HPKE.mode_base, HPKE.kem_P256_SHA256, HPKE.kdf_HKDF_SHA256, aead);
    }

    @Test
    void our_key_import_reads_the_a31_recipient_keys_exactly() throws Exception {
        assertThat(importedPublicPoint(A31.PK_RM)).isEqualTo(A31.PK_RM);

        P256Der.PrivateKeyParts parts = P256Der.parsePkcs8(jdkPkcs8(A31.SK_RM));
        assertThat(parts.scalar()).isEqualTo(A31.SK_RM);
        assertThat(parts.pointOrNull()).isNull();
        assertThat(HpkeCipher.derivePoint(parts.scalar())).as("derived pkRm").isEqualTo(A31.PK_RM);
        assertThat(HpkeCipher.derivePoint(A31.SK_EM)).as("derived pkEm").isEqualTo(A31.PK_EM);
    }

    @Test
    void the_a31_sender_with_the_vectors_ephemeral_key_produces_the_vectors_enc_and_ciphertexts() throws Exception {
        HPKE hpke = bc(HPKE.aead_AES_GCM128);
        AsymmetricCipherKeyPair ephemeral = hpke.deserializePrivateKey(A31.SK_EM, A31.PK_EM);

        HPKEContextWithEncapsulation sender = hpke.setupBaseS(hpke.deserializePublicKey(importedPublicPoint(A31.PK_RM)), A31.INFO, ephemeral);

        assertThat(sender.getEncapsulation()).isEqualTo(A31.ENC);
        assertThat(sender.seal(A31.AAD_0, A31.PT)).isEqualTo(A31.CT_0);
        assertThat(sender.seal(A31.AAD_1, A31.PT)).isEqualTo(A31.CT_1);
    }

    @Test
    void the_a31_recipient_with_our_imported_private_key_opens_the_vectors_ciphertexts() throws Exception {
        HPKE hpke = bc(HPKE.aead_AES_GCM128);
        P256Der.PrivateKeyParts parts = P256Der.parsePkcs8(jdkPkcs8(A31.SK_RM));
        AsymmetricCipherKeyPair recipient = hpke.deserializePrivateKey(parts.scalar(), HpkeCipher.derivePoint(parts.scalar()));

        HPKEContext context = hpke.setupBaseR(A31.ENC, recipient, A31.INFO);

        assertThat(context.open(A31.AAD_0, A31.CT_0)).isEqualTo(A31.PT);
        assertThat(context.open(A31.AAD_1, A31.CT_1)).isEqualTo(A31.PT);
    }

    @Test
    void the_p256_aes256gcm_vector_checks_our_exact_suite() throws Exception {
        HPKE hpke = bc(HPKE.aead_AES_GCM256);
        AsymmetricCipherKeyPair ephemeral = hpke.deserializePrivateKey(P256Aes256Gcm.SK_EM, HpkeCipher.derivePoint(P256Aes256Gcm.SK_EM));

        HPKEContextWithEncapsulation sender = hpke.setupBaseS(hpke.deserializePublicKey(importedPublicPoint(P256Aes256Gcm.PK_RM)), A31.INFO, ephemeral);

        assertThat(sender.getEncapsulation()).isEqualTo(P256Aes256Gcm.ENC);
        assertThat(sender.seal(A31.AAD_0, A31.PT)).isEqualTo(P256Aes256Gcm.CT_0);
        assertThat(sender.seal(A31.AAD_1, A31.PT)).isEqualTo(P256Aes256Gcm.CT_1);
        assertThat(HpkeCipher.derivePoint(P256Aes256Gcm.SK_RM)).isEqualTo(P256Aes256Gcm.PK_RM);
    }

    @Test
    void our_cipher_opens_what_the_a31_ephemeral_key_seals_to_the_a31_recipient_under_our_suite() throws Exception {
        UserId user = UserId.of(42);
        KeyVersion version = KeyVersion.of(1);
        byte[] info = SealedValue.hpkeInfo(user, version);
        HPKE hpke = bc(HPKE.aead_AES_GCM256);
        AsymmetricCipherKeyPair ephemeral = hpke.deserializePrivateKey(A31.SK_EM, A31.PK_EM);
        HPKEContextWithEncapsulation sender = hpke.setupBaseS(hpke.deserializePublicKey(A31.PK_RM), info, ephemeral);
        byte[] ct = sender.seal(new byte[0], A31.PT);
        byte[] payload = new byte[65 + ct.length];
        System.arraycopy(sender.getEncapsulation(), 0, payload, 0, 65);
        System.arraycopy(ct, 0, payload, 65, ct.length);

        assertThat(sender.getEncapsulation()).isEqualTo(A31.ENC);
        // The JDK's PKCS#8 has no public key: our cipher derives pkRm, which enters the KEM context.
        try (PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(jdkPkcs8(A31.SK_RM))) {
            assertThat(new HpkeCipher().opener(user, version, key).open(SealedValue.of(version, payload)))
                    .map(Plaintext::exposeUtf8).hasValue(A31.PT);
        }
    }
}

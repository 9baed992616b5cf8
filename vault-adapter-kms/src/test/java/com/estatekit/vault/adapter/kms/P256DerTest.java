package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.SoftwareEc;
import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class P256DerTest {

    private final KeyPair jdkPair = SunEcKeys.p256();

    @Test
    void a_jdk_public_key_gives_its_uncompressed_point_and_back() {
        byte[] spki = jdkPair.getPublic().getEncoded();
        byte[] point = P256Der.pointFromSpki(spki);

        assertThat(point).isEqualTo(SoftwareEc.uncompressed((ECPublicKey) jdkPair.getPublic()));
        assertThat(P256Der.spkiFromPoint(point)).isEqualTo(spki);
    }

    @Test
    void a_jdk_private_key_gives_its_scalar_and_no_point() {
        P256Der.PrivateKeyParts parts = P256Der.parsePkcs8(jdkPair.getPrivate().getEncoded());

        assertThat(new BigInteger(1, parts.scalar())).isEqualTo(((ECPrivateKey) jdkPair.getPrivate()).getS());
        assertThat(parts.pointOrNull()).isNull();
        parts.wipe();
        assertThat(parts.scalar()).containsOnly(0);
    }

    @Test
    void a_bouncy_castle_private_key_with_parameters_and_public_key_inside_gives_both() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair bcPair = generator.generateKeyPair();

        P256Der.PrivateKeyParts parts = P256Der.parsePkcs8(bcPair.getPrivate().getEncoded());

        assertThat(parts.pointOrNull()).isEqualTo(P256Der.pointFromSpki(bcPair.getPublic().getEncoded()));
        assertThat(new BigInteger(1, parts.scalar())).isEqualTo(((ECPrivateKey) bcPair.getPrivate()).getS());
    }

    @Test
    void what_we_write_the_jdk_reads_and_we_read_back() throws Exception {
        byte[] scalar = P256Der.toFixed(((ECPrivateKey) jdkPair.getPrivate()).getS());
        byte[] point = SoftwareEc.uncompressed((ECPublicKey) jdkPair.getPublic());
        byte[] pkcs8 = P256Der.pkcs8(scalar, point);

        ECPrivateKey parsed = (ECPrivateKey) KeyFactory.getInstance("EC", "SunEC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        assertThat(parsed.getS()).isEqualTo(((ECPrivateKey) jdkPair.getPrivate()).getS());
        assertThat(P256Der.parsePkcs8(pkcs8).pointOrNull()).isEqualTo(point);
        assertThat(P256Der.parsePkcs8(P256Der.pkcs8(scalar, null)).pointOrNull()).isNull();
    }

    @Test
    void other_curves_are_refused() throws Exception {
        KeyPair p384 = SunEcKeys.generate("secp384r1");

        assertThatThrownBy(() -> P256Der.pointFromSpki(p384.getPublic().getEncoded())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.parsePkcs8(p384.getPrivate().getEncoded())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rsa_keys_are_refused() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair rsa = generator.generateKeyPair();

        assertThatThrownBy(() -> P256Der.pointFromSpki(rsa.getPublic().getEncoded())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.parsePkcs8(rsa.getPrivate().getEncoded())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncated_extended_and_compressed_encodings_are_refused() {
        byte[] spki = jdkPair.getPublic().getEncoded();
        byte[] pkcs8 = jdkPair.getPrivate().getEncoded();
        byte[] compressed = Arrays.copyOf(spki, spki.length);
        compressed[26] = 0x02;

        assertThatThrownBy(() -> P256Der.pointFromSpki(Arrays.copyOf(spki, spki.length - 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.pointFromSpki(Arrays.copyOf(spki, spki.length + 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.pointFromSpki(compressed)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.parsePkcs8(Arrays.copyOf(pkcs8, pkcs8.length - 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.parsePkcs8(Arrays.copyOf(pkcs8, pkcs8.length + 1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.parsePkcs8(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.parsePkcs8(new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void a_non_minimal_length_is_refused() {
        // The JDK encoding with its outer length 0x41 respelled as 0x81 0x41.
        byte[] pkcs8 = jdkPair.getPrivate().getEncoded();
        byte[] respelled = new byte[pkcs8.length + 1];
        respelled[0] = 0x30;
        respelled[1] = (byte) 0x81;
        System.arraycopy(pkcs8, 1, respelled, 2, pkcs8.length - 1);

        assertThatThrownBy(() -> P256Der.parsePkcs8(respelled)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void scalars_outside_one_to_n_minus_one_are_refused() {
        byte[] zero = new byte[32];
        byte[] order = P256Der.toFixed(P256Der.ORDER);
        byte[] orderMinusOne = P256Der.toFixed(P256Der.ORDER.subtract(BigInteger.ONE));
        byte[] allOnes = HexFormat.of().parseHex("ff".repeat(32));

        assertThatThrownBy(() -> P256Der.parsePkcs8(P256Der.pkcs8(zero, null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.parsePkcs8(P256Der.pkcs8(order, null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> P256Der.parsePkcs8(P256Der.pkcs8(allOnes, null))).isInstanceOf(IllegalArgumentException.class);
        assertThat(P256Der.parsePkcs8(P256Der.pkcs8(orderMinusOne, null)).scalar()).isEqualTo(orderMinusOne);
    }

    @Test
    void refusals_never_quote_key_bytes() {
        byte[] pkcs8 = jdkPair.getPrivate().getEncoded();
        pkcs8[pkcs8.length - 40] ^= 0x7f;

        assertThatThrownBy(() -> P256Der.parsePkcs8(pkcs8)).hasMessage("not a P-256 PKCS#8 private key");
    }
}

package com.estatekit.vault.adapter.kms;

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
import java.security.KeyFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cipher beyond the domain contract: key forms, refusals, layout and caches. */
class HpkeCipherTest {

    private static final UserId ALICE = UserId.of(42);
    private static final UserId BOB = UserId.of(43);
    private static final KeyVersion V1 = KeyVersion.of(1);

    private final KeyPair pair = SunEcKeys.p256();
    private final EncodedPublicKey publicKey = EncodedPublicKey.ofDer(pair.getPublic().getEncoded());
    private final HpkeCipher cipher = new HpkeCipher();

    @BeforeAll
    static void providers() {
        CryptoProviders.install();
    }

    private SealedValue seal(Cipher with, UserId user, String text) {
        try (Plaintext plaintext = Plaintext.ofString(text)) {
            return with.sealer(user, V1, publicKey).seal(plaintext);
        }
    }

    private Optional<String> open(Cipher with, UserId user, byte[] pkcs8, SealedValue value) {
        try (PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(pkcs8.clone())) {
            return with.opener(user, V1, key).open(value).map(Plaintext::asString);
        }
    }

    private byte[] kmsStylePkcs8() {
        return P256Der.pkcs8(P256Der.toFixed(((ECPrivateKey) pair.getPrivate()).getS()),
                SoftwareEc.uncompressed((ECPublicKey) pair.getPublic()));
    }

    @Test
    void a_sealed_payload_is_the_uncompressed_ephemeral_key_then_the_ciphertext_and_tag() {
        SealedValue sealed = seal(cipher, ALICE, "12345");

        byte[] payload = sealed.payload();
        assertThat(payload).hasSize(65 + 5 + 16);
        assertThat(payload[0]).isEqualTo((byte) 0x04);
        assertThat(sealed.format()).startsWith("ek1:1:");
    }

    @Test
    void private_keys_open_in_every_der_form_kms_and_the_jdk_produce() throws Exception {
        SealedValue sealed = seal(cipher, ALICE, "form test");
        byte[] jdk = pair.getPrivate().getEncoded();
        byte[] scalar = P256Der.toFixed(((ECPrivateKey) pair.getPrivate()).getS());
        byte[] bouncyCastle = KeyFactory.getInstance("EC", new BouncyCastleProvider()).generatePrivate(new PKCS8EncodedKeySpec(jdk)).getEncoded();
        byte[] firstProvider = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(jdk)).getEncoded();

        assertThat(open(cipher, ALICE, jdk, sealed)).as("SunEC: scalar only").contains("form test");
        assertThat(open(cipher, ALICE, kmsStylePkcs8(), sealed)).as("parameters and public key").contains("form test");
        assertThat(open(cipher, ALICE, P256Der.pkcs8(scalar, null), sealed)).as("parameters only").contains("form test");
        assertThat(open(cipher, ALICE, bouncyCastle, sealed)).as("Bouncy Castle's encoding").contains("form test");
        assertThat(open(cipher, ALICE, firstProvider, sealed)).as("the first provider's (AWS-LC's under ACCP)").contains("form test");
    }

    @Test
    void a_private_key_whose_embedded_public_key_is_not_its_own_is_refused() {
        byte[] lying = P256Der.pkcs8(P256Der.toFixed(((ECPrivateKey) pair.getPrivate()).getS()),
                SoftwareEc.uncompressed((ECPublicKey) SoftwareEc.generateP256().getPublic()));

        assertThatThrownBy(() -> open(cipher, ALICE, lying, seal(cipher, ALICE, "x")))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_public_key_whose_point_is_not_on_the_curve_is_refused() {
        byte[] point = SoftwareEc.uncompressed((ECPublicKey) pair.getPublic());
        point[64] ^= 0x01;
        EncodedPublicKey offCurve = EncodedPublicKey.ofDer(P256Der.spkiFromPoint(point));

        assertThatThrownBy(() -> cipher.sealer(ALICE, V1, offCurve)).isInstanceOf(KeyMaterialUnusableException.class)
                .hasMessageNotContaining(offCurve.base64());
    }

    @Test
    void keys_on_other_curves_are_refused() throws Exception {
        KeyPair p384 = SunEcKeys.generate("secp384r1");

        assertThatThrownBy(() -> cipher.sealer(ALICE, V1, EncodedPublicKey.ofDer(p384.getPublic().getEncoded())))
                .isInstanceOf(KeyMaterialUnusableException.class);
        assertThatThrownBy(() -> open(cipher, ALICE, p384.getPrivate().getEncoded(), seal(cipher, ALICE, "x")))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_destroyed_private_key_is_refused_as_unusable_key_material() {
        PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(pair.getPrivate().getEncoded());
        key.close();

        assertThatThrownBy(() -> cipher.opener(ALICE, V1, key)).isInstanceOf(KeyMaterialUnusableException.class);
        assertThatThrownBy(() -> HpkeCipher.withOpenerCache(Duration.ofSeconds(5)).opener(ALICE, V1, key))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_value_labelled_with_another_version_is_not_opened() {
        SealedValue sealed = seal(cipher, ALICE, "v1");
        SealedValue relabelled = SealedValue.of(KeyVersion.of(2), sealed.payload());

        assertThat(open(cipher, ALICE, pair.getPrivate().getEncoded(), relabelled)).isEmpty();
    }

    @Test
    void sealers_are_cached_once_per_public_key() {
        HpkeCipher fresh = new HpkeCipher();
        for (int i = 0; i < 5; i++) {
            seal(fresh, ALICE, "a");
            seal(fresh, BOB, "b");
        }

        assertThat(fresh.cachedSealers()).isEqualTo(1);
    }

    @Test
    void the_default_cipher_keeps_nothing_derived_from_a_private_key() {
        HpkeCipher fresh = new HpkeCipher();
        open(fresh, ALICE, pair.getPrivate().getEncoded(), seal(fresh, ALICE, "x"));

        assertThat(fresh.cachedOpeners()).isZero();
    }

    @Test
    void the_opener_cache_reuses_an_imported_key_until_its_ttl_and_then_drops_it() {
        AtomicLong nanos = new AtomicLong();
        HpkeCipher cached = new HpkeCipher(16, Duration.ofSeconds(60), nanos::get);
        SealedValue sealed = seal(cached, ALICE, "cached");

        assertThat(open(cached, ALICE, pair.getPrivate().getEncoded(), sealed)).contains("cached");
        assertThat(open(cached, ALICE, pair.getPrivate().getEncoded(), sealed)).contains("cached");
        assertThat(cached.cachedOpeners()).isEqualTo(1);

        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        assertThat(cached.cachedOpeners()).isZero();
    }

    @Test
    void a_cached_imported_key_still_opens_only_for_the_user_and_version_asked_for() {
        HpkeCipher cached = HpkeCipher.withOpenerCache(Duration.ofSeconds(60));
        SealedValue forAlice = seal(cached, ALICE, "alice's");

        assertThat(open(cached, ALICE, pair.getPrivate().getEncoded(), forAlice)).contains("alice's");
        assertThat(open(cached, BOB, pair.getPrivate().getEncoded(), forAlice)).isEmpty();
        assertThat(cached.cachedOpeners()).as("one entry per user, so a user can be forgotten").isEqualTo(2);
    }

    @Test
    void forgetting_a_user_drops_only_that_users_imported_keys() {
        HpkeCipher cached = HpkeCipher.withOpenerCache(Duration.ofSeconds(60));
        SealedValue forAlice = seal(cached, ALICE, "alice's");
        open(cached, ALICE, pair.getPrivate().getEncoded(), forAlice);
        open(cached, BOB, pair.getPrivate().getEncoded(), forAlice);

        cached.forget(ALICE);

        assertThat(cached.cachedOpeners()).isEqualTo(1);
        assertThat(open(cached, ALICE, pair.getPrivate().getEncoded(), forAlice)).as("imports again when asked").contains("alice's");
    }

    @Test
    void a_negative_opener_ttl_is_refused() {
        assertThatThrownBy(() -> HpkeCipher.withOpenerCache(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}

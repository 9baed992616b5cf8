package com.estatekit.vault.domain.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.SoftwareEc;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link KeyVault} must do: real P-256 pairs, wrapped keys bound to user and version. */
public abstract class KeyVaultContract {

    protected static final UserId ALICE = UserId.of(42);
    protected static final UserId BOB = UserId.of(43);
    protected static final KeyVersion V1 = KeyVersion.of(1);
    protected static final KeyVersion V2 = KeyVersion.of(2);

    protected KeyVault vault;

    /** A vault to test; called before every test. */
    protected abstract KeyVault newVault();

    @BeforeEach
    void createVault() {
        vault = newVault();
    }

    @Test
    void a_new_pair_has_a_p256_public_key_and_names_its_master_key() throws Exception {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);

        ECPublicKey publicKey = SoftwareEc.publicKey(pair.publicKey().der());
        assertThat(publicKey.getParams().getCurve().getField().getFieldSize()).isEqualTo(256);
        assertThat(pair.publicKey().base64()).hasSizeLessThanOrEqualTo(200);
        assertThat(pair.kmsKeyId()).isNotBlank();
    }

    @Test
    void the_unwrapped_private_key_belongs_to_the_public_key() throws Exception {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);

        byte[] message = "proof of possession".getBytes(StandardCharsets.UTF_8);
        try (PrivateKeyMaterial privateKey = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
            byte[] pkcs8 = privateKey.copyPkcs8();
            ECPrivateKey parsed = SoftwareEc.privateKey(pkcs8);
            Signature signer = Signature.getInstance("SHA256withECDSA");
            signer.initSign(parsed);
            signer.update(message);
            byte[] signature = signer.sign();

            Signature verifier = Signature.getInstance("SHA256withECDSA");
            verifier.initVerify(SoftwareEc.publicKey(pair.publicKey().der()));
            verifier.update(message);
            assertThat(verifier.verify(signature)).isTrue();
        }
    }

    @Test
    void every_pair_is_new() {
        GeneratedKeyPair one = vault.createKeyPair(ALICE, V1);
        GeneratedKeyPair two = vault.createKeyPair(ALICE, V1);

        assertThat(one.publicKey()).isNotEqualTo(two.publicKey());
        assertThat(one.wrappedPrivateKey()).isNotEqualTo(two.wrappedPrivateKey());
    }

    @Test
    void a_wrapped_key_does_not_unwrap_for_another_user() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);

        assertThatThrownBy(() -> vault.unwrap(BOB, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_wrapped_key_does_not_unwrap_as_another_version() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);

        assertThatThrownBy(() -> vault.unwrap(ALICE, V2, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void a_tampered_wrapped_key_does_not_unwrap() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        byte[] blob = pair.wrappedPrivateKey().bytes();
        blob[blob.length / 2] ^= 0x01;

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, WrappedPrivateKey.of(blob)))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void closing_an_unwrapped_key_does_not_spoil_the_next_unwrap() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        PrivateKeyMaterial first = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey());
        byte[] expected = first.copyPkcs8();
        first.close();

        try (PrivateKeyMaterial second = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
            assertThat(second.copyPkcs8()).isEqualTo(expected);
        }
    }

    @Test
    void forgetting_a_user_keeps_their_keys_usable() {
        GeneratedKeyPair pair = vault.createKeyPair(ALICE, V1);
        vault.unwrap(ALICE, V1, pair.wrappedPrivateKey()).close();

        vault.forget(ALICE);

        try (PrivateKeyMaterial again = vault.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
            assertThat(again.isDestroyed()).isFalse();
        }
    }
}

package com.estatekit.vault.domain.port.out;

import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import java.util.Optional;

/**
 * Seals and opens strings for one user and key version with HPKE (RFC 9180), base mode,
 * DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, {@code info} =
 * {@link SealedValue#hpkeInfo(UserId, KeyVersion)}, empty {@code aad}.
 *
 * <p>Sealing needs only the public key, so a process that only encrypts can never decrypt. There
 * are no algorithm or nonce knobs: the suite is fixed by the ciphertext format.
 */
public interface Cipher {

    /**
     * A sealer for {@code userId}'s key {@code version}; thread-safe and reusable for a batch.
     *
     * @throws KeyMaterialUnusableException when {@code publicKey} is not a valid P-256 key
     */
    Sealer sealer(UserId userId, KeyVersion version, EncodedPublicKey publicKey);

    /**
     * An opener for {@code userId}'s key {@code version}; thread-safe and reusable for a batch. The
     * opener does not keep a reference to {@code privateKey}, so the caller may close it afterwards.
     *
     * @throws KeyMaterialUnusableException when {@code privateKey} is not a valid P-256 PKCS#8 key
     */
    Opener opener(UserId userId, KeyVersion version, PrivateKeyMaterial privateKey);

    /**
     * Drops whatever the cipher keeps in memory that was derived from {@code userId}'s private keys
     * (an implementation may cache imported keys), called after a rotation, retirement or delete.
     * Correctness never depends on it: key rows are read on every request. It shortens the time a
     * replaced or erased private key stays in memory. Does nothing by default.
     */
    default void forget(UserId userId) {
        // A cipher that keeps nothing derived from private keys has nothing to drop.
    }

    /** Seals plaintexts under one public key. */
    interface Sealer {
        /** Seals {@code plaintext}; each call uses a fresh ephemeral key, so equal inputs give different outputs. */
        SealedValue seal(Plaintext plaintext);
    }

    /** Opens values sealed under one key pair. */
    interface Opener {
        /**
         * Opens {@code value}.
         *
         * @return the plaintext, or empty when the value was not sealed for this user and version or
         *     was altered: one answer for every failure, so nothing is learned from which check failed
         */
        Optional<Plaintext> open(SealedValue value);
    }
}

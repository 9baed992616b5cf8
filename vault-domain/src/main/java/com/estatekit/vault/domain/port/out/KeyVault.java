package com.estatekit.vault.domain.port.out;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;

/**
 * Key custody: makes users' P-256 key pairs under a master key and unwraps their private keys.
 * In production this is AWS KMS; the master key never leaves it.
 *
 * <p>Implementations bind every wrapped key to its user and version (KMS encryption context), so a
 * wrapped key copied to another user's row or version does not unwrap. They throw only
 * {@link DependencyUnavailableException} and {@link KeyMaterialUnusableException}.
 */
public interface KeyVault {

    /**
     * Makes a new key pair for {@code userId}'s key {@code version}. The private key leaves custody
     * only wrapped.
     *
     * @throws DependencyUnavailableException when custody is down or throttling
     */
    GeneratedKeyPair createKeyPair(UserId userId, KeyVersion version);

    /**
     * Unwraps the private key of {@code userId}'s key {@code version}.
     *
     * @return a key the caller owns and must {@link PrivateKeyMaterial#close() close}
     * @throws KeyMaterialUnusableException when custody refuses this wrapped key for this user and version
     * @throws DependencyUnavailableException when custody is down or throttling
     */
    PrivateKeyMaterial unwrap(UserId userId, KeyVersion version, WrappedPrivateKey wrappedPrivateKey);

    /**
     * Drops anything held in memory for {@code userId}, called after a rotation, retirement or
     * delete. Correctness never depends on it (key rows are read on every request); it shortens the
     * time a replaced private key stays in memory.
     */
    void forget(UserId userId);
}

package com.estatekit.vault.domain.model;

import java.time.Instant;
import java.util.Objects;

/**
 * A replaced key version that is still decryptable: a row of {@code user_key_history} whose
 * wrapped private key has not been destroyed. Retiring the version removes it from the ring.
 *
 * @param userId whose key it was
 * @param version its version
 * @param publicKey its public key (the seed's {@code value} column)
 * @param wrappedPrivateKey its private key, wrapped by the KMS master key
 * @param kmsKeyId the master key that wrapped it
 * @param replacedAt when a rotation replaced it (the seed's {@code date} column)
 */
public record KeyHistoryEntry(
        UserId userId,
        KeyVersion version,
        EncodedPublicKey publicKey,
        WrappedPrivateKey wrappedPrivateKey,
        String kmsKeyId,
        Instant replacedAt) {

    /** @throws IllegalArgumentException when a part is missing */
    public KeyHistoryEntry {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(wrappedPrivateKey, "wrappedPrivateKey");
        UserKey.requireKmsKeyId(kmsKeyId);
        Objects.requireNonNull(replacedAt, "replacedAt");
    }
}

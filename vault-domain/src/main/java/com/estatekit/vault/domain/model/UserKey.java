package com.estatekit.vault.domain.model;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A user's current key pair: the row of {@code user_keys}.
 *
 * @param userId whose key it is
 * @param version its version; new data is sealed under it
 * @param publicKey the public key, all that encryption needs
 * @param wrappedPrivateKey the private key wrapped by the KMS master key
 * @param kmsKeyId the master key that wrapped it
 * @param createdAt when the user's first key was created
 * @param rotatedAt when this version replaced the previous one; {@code null} for a key never rotated
 */
public record UserKey(
        UserId userId,
        KeyVersion version,
        EncodedPublicKey publicKey,
        WrappedPrivateKey wrappedPrivateKey,
        String kmsKeyId,
        Instant createdAt,
        Instant rotatedAt) {

    /** Longest master key id accepted (a KMS key ARN is well below this). */
    public static final int MAX_KMS_KEY_ID_LENGTH = 2048;

    /** @throws IllegalArgumentException when a required part is missing or the times disagree */
    public UserKey {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(wrappedPrivateKey, "wrappedPrivateKey");
        requireKmsKeyId(kmsKeyId);
        Objects.requireNonNull(createdAt, "createdAt");
        if (rotatedAt != null && rotatedAt.isBefore(createdAt)) {
            throw new IllegalArgumentException("a key cannot be rotated before it was created");
        }
        if (rotatedAt == null && !version.equals(KeyVersion.FIRST)) {
            throw new IllegalArgumentException("a key past version 1 must say when it was rotated");
        }
    }

    /** The first key of a user, version 1. */
    public static UserKey first(UserId userId, GeneratedKeyPair pair, Instant now) {
        return new UserKey(userId, KeyVersion.FIRST, pair.publicKey(), pair.wrappedPrivateKey(), pair.kmsKeyId(), now, null);
    }

    /** The key that replaces this one in a rotation: version + 1, same creation time. */
    public UserKey rotateTo(GeneratedKeyPair pair, Instant now) {
        return new UserKey(userId, version.next(), pair.publicKey(), pair.wrappedPrivateKey(), pair.kmsKeyId(), createdAt, now);
    }

    /** This key as a history entry, replaced at {@code replacedAt}. */
    public KeyHistoryEntry retiredFromCurrent(Instant replacedAt) {
        return new KeyHistoryEntry(userId, version, publicKey, wrappedPrivateKey, kmsKeyId, replacedAt);
    }

    /** When this version became current: the rotation time, or the creation time for version 1. */
    public Instant currentSince() {
        return rotatedAt == null ? createdAt : rotatedAt;
    }

    /** When this version replaced the previous one, if it did. */
    public Optional<Instant> lastRotatedAt() {
        return Optional.ofNullable(rotatedAt);
    }

    static String requireKmsKeyId(String kmsKeyId) {
        if (kmsKeyId == null || kmsKeyId.isBlank() || kmsKeyId.length() > MAX_KMS_KEY_ID_LENGTH) {
            throw new IllegalArgumentException("kms key id must be 1.." + MAX_KMS_KEY_ID_LENGTH + " characters");
        }
        return kmsKeyId;
    }
}

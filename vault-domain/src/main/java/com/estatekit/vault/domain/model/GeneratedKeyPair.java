package com.estatekit.vault.domain.model;

import java.util.Objects;

/**
 * A fresh key pair from key custody: the public key in the clear and the private key only in
 * wrapped form, so the plaintext private key never exists outside KMS when a key is made.
 *
 * @param publicKey the DER SubjectPublicKeyInfo
 * @param wrappedPrivateKey the private key encrypted under the master key
 * @param kmsKeyId the master key that wrapped it (its ARN, as KMS reports it)
 */
public record GeneratedKeyPair(EncodedPublicKey publicKey, WrappedPrivateKey wrappedPrivateKey, String kmsKeyId) {

    /** @throws IllegalArgumentException when a part is missing */
    public GeneratedKeyPair {
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(wrappedPrivateKey, "wrappedPrivateKey");
        UserKey.requireKmsKeyId(kmsKeyId);
    }
}

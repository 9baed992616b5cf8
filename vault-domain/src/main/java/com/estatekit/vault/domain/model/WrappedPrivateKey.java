package com.estatekit.vault.domain.model;

import java.util.Arrays;

/**
 * A user's private key encrypted under the KMS master key (the {@code PrivateKeyCiphertextBlob}
 * that KMS returns). Useless without KMS {@code Decrypt} on the master key and the right encryption
 * context, but still never logged: {@link #toString()} shows only the length.
 *
 * <p>Equality is by content, so it can be part of a cache key: a replaced wrapped key never hits an
 * entry made for the old one.
 */
public final class WrappedPrivateKey {

    /** Largest blob accepted; KMS blobs for P-256 keys are a few hundred bytes. */
    public static final int MAX_BYTES = 8192;

    private final byte[] blob;

    private WrappedPrivateKey(byte[] blob) {
        this.blob = blob;
    }

    /**
     * Wraps a copy of {@code blob}.
     *
     * @throws IllegalArgumentException when empty or larger than {@link #MAX_BYTES}
     */
    public static WrappedPrivateKey of(byte[] blob) {
        if (blob == null || blob.length == 0 || blob.length > MAX_BYTES) {
            throw new IllegalArgumentException("wrapped private key must be 1.." + MAX_BYTES + " bytes");
        }
        return new WrappedPrivateKey(blob.clone());
    }

    /** A copy of the blob. */
    public byte[] bytes() {
        return blob.clone();
    }

    /** Number of bytes in the blob. */
    public int length() {
        return blob.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WrappedPrivateKey that && Arrays.equals(blob, that.blob);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "WrappedPrivateKey[" + blob.length + " bytes]";
    }
}

package com.estatekit.vault.domain.model;

import java.util.Arrays;
import java.util.Base64;

/**
 * A user's public key as KMS returns it: DER-encoded X.509 SubjectPublicKeyInfo for a P-256 key.
 * Base64 of the 91-byte encoding is 124 characters, so it fits the seed's {@code varchar(200)}.
 *
 * <p>A public key is not a secret; the class still copies its bytes in and out so nobody can change
 * a key after it was checked.
 */
public final class EncodedPublicKey {

    /** Longest encoding accepted; keeps base64 within the seed's {@code varchar(200)} column. */
    public static final int MAX_DER_BYTES = 150;

    private final byte[] der;

    private EncodedPublicKey(byte[] der) {
        this.der = der;
    }

    /**
     * Wraps a copy of {@code der}.
     *
     * @throws IllegalArgumentException when empty or longer than {@link #MAX_DER_BYTES}
     */
    public static EncodedPublicKey ofDer(byte[] der) {
        if (der == null || der.length == 0 || der.length > MAX_DER_BYTES) {
            throw new IllegalArgumentException("public key must be 1.." + MAX_DER_BYTES + " DER bytes");
        }
        return new EncodedPublicKey(der.clone());
    }

    /**
     * Decodes standard base64 (with padding), the form kept in {@code user_keys.key}.
     *
     * @throws IllegalArgumentException when not valid base64 or of a bad length
     */
    public static EncodedPublicKey ofBase64(String base64) {
        if (base64 == null) {
            throw new IllegalArgumentException("public key must be base64");
        }
        return ofDer(Base64.getDecoder().decode(base64));
    }

    /** A copy of the DER bytes. */
    public byte[] der() {
        return der.clone();
    }

    /** Standard base64 with padding, the form the API and {@code user_keys.key} use. */
    public String base64() {
        return Base64.getEncoder().encodeToString(der);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EncodedPublicKey that && Arrays.equals(der, that.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "EncodedPublicKey[" + der.length + " bytes]";
    }
}

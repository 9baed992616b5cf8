package com.estatekit.vault.domain.model;

import java.util.Arrays;

/**
 * An unwrapped private key: DER-encoded PKCS#8 bytes, as KMS {@code Decrypt} returns them.
 *
 * <p>This is the most sensitive object in the vault. The class deliberately has no
 * {@code toString}, {@code equals} or {@code hashCode} of its own, so it cannot leak through a log
 * line or be used as a map key. {@link #close()} overwrites the bytes; every holder closes what it
 * owns, and a closed key refuses to give its bytes out instead of handing over zeros. Copying and
 * closing are synchronized, so a copy taken while a cache expires the key is whole or refused,
 * never half wiped.
 */
public final class PrivateKeyMaterial implements AutoCloseable {

    private final byte[] pkcs8;
    private boolean destroyed;

    private PrivateKeyMaterial(byte[] pkcs8) {
        this.pkcs8 = pkcs8;
    }

    /**
     * Takes ownership of {@code pkcs8}: the caller must not use or wipe the array afterwards.
     *
     * @throws IllegalArgumentException when {@code pkcs8} is null or empty
     */
    public static PrivateKeyMaterial takeOwnership(byte[] pkcs8) {
        if (pkcs8 == null || pkcs8.length == 0) {
            throw new IllegalArgumentException("private key must not be empty");
        }
        return new PrivateKeyMaterial(pkcs8);
    }

    /** A copy of the PKCS#8 bytes. The caller owns the copy and should wipe it when done. */
    public synchronized byte[] copyPkcs8() {
        if (destroyed) {
            throw new IllegalStateException("private key was already destroyed");
        }
        return pkcs8.clone();
    }

    /** An independent copy, with its own lifetime. */
    public PrivateKeyMaterial duplicate() {
        return new PrivateKeyMaterial(copyPkcs8());
    }

    /** Whether {@link #close()} has run. */
    public synchronized boolean isDestroyed() {
        return destroyed;
    }

    /** Overwrites the key bytes. Idempotent. */
    @Override
    public synchronized void close() {
        destroyed = true;
        Arrays.fill(pkcs8, (byte) 0);
    }
}

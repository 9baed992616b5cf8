package com.estatekit.vault.domain.model;

/**
 * KMS refused to unwrap a stored private key although it is reachable: the wrapped key was
 * altered, moved to another user's row, or wrapped under another master key. This is a security
 * event, not a client error: the stored key material itself is wrong.
 */
public final class KeyMaterialUnusableException extends VaultException {

    private final UserId userId;
    private final KeyVersion version;

    /** The wrapped key of {@code version} for {@code userId} cannot be unwrapped. */
    public KeyMaterialUnusableException(UserId userId, KeyVersion version) {
        super("wrapped private key of user " + userId + " version " + version + " cannot be unwrapped");
        this.userId = userId;
        this.version = version;
    }

    /** Whose key it is. */
    public UserId userId() {
        return userId;
    }

    /** Which version. */
    public KeyVersion version() {
        return version;
    }
}

package com.estatekit.vault.domain.model;

/**
 * A key change that conflicts with the user's current state: retiring the current version, or a
 * rotation that lost a race with another rotation or a delete. Nothing was changed.
 */
public final class KeyChangeConflictException extends VaultException {

    private final UserId userId;
    private final KeyVersion version;

    /** @param reason fixed text from the vault, e.g. "is the current version and cannot be retired" */
    public KeyChangeConflictException(UserId userId, KeyVersion version, String reason) {
        super("key version " + version + " of user " + userId + " " + reason);
        this.userId = userId;
        this.version = version;
    }

    /** Whose key it is. */
    public UserId userId() {
        return userId;
    }

    /** The version the change was about. */
    public KeyVersion version() {
        return version;
    }
}

package com.estatekit.vault.domain.model;

/**
 * A ciphertext that cannot be opened for this user: malformed, tampered with, sealed for another
 * user, or under a version that is unknown or retired. Deliberately one type with no reason, so a
 * caller learns nothing from which check failed. Names the item's index, never its content.
 */
public final class CannotOpenException extends VaultException {

    private final UserId userId;
    private final int index;

    /** Item {@code index} of a batch for {@code userId} cannot be opened. */
    public CannotOpenException(UserId userId, int index) {
        super("item " + index + " cannot be opened for user " + userId);
        this.userId = userId;
        this.index = index;
    }

    /** Whose batch it was. */
    public UserId userId() {
        return userId;
    }

    /** Position of the item in the batch (for rotation, in the order the names were given). */
    public int index() {
        return index;
    }
}

package com.estatekit.vault.domain.model;

import java.util.Optional;

/** The user has no key, or not the version asked for (never created, or already retired). */
public final class KeyNotFoundException extends VaultException {

    private final UserId userId;
    private final KeyVersion version;

    /** The user has no key at all. */
    public KeyNotFoundException(UserId userId) {
        super("user " + userId + " has no key");
        this.userId = userId;
        this.version = null;
    }

    /** The user has no decryptable key of {@code version}. */
    public KeyNotFoundException(UserId userId, KeyVersion version) {
        super("user " + userId + " has no key version " + version);
        this.userId = userId;
        this.version = version;
    }

    /** Whose key is missing. */
    public UserId userId() {
        return userId;
    }

    /** The missing version, when one was asked for. */
    public Optional<KeyVersion> version() {
        return Optional.ofNullable(version);
    }
}

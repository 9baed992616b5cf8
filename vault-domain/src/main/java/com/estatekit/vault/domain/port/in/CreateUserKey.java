package com.estatekit.vault.domain.port.in;

import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;

/** Gives a user their first key pair. Idempotent. */
public interface CreateUserKey {

    /**
     * Creates the user's first key, or reports the existing one. Concurrent calls for one user
     * leave exactly one key, and exactly one of them reports {@code created}.
     */
    Result createKey(UserId userId);

    /**
     * @param created {@code true} when this call made the key, {@code false} when one existed
     * @param keyVersion the user's current key version
     */
    record Result(UserId userId, boolean created, KeyVersion keyVersion) {}
}

package com.estatekit.vault.domain.port.in;

import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.UserId;

/** Erases a user's keys: every version, so none of their data can ever be decrypted again. */
public interface DeleteUserKeys {

    /** @throws KeyNotFoundException when the user has no key */
    void deleteKeys(UserId userId);
}

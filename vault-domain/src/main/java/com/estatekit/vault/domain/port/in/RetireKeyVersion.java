package com.estatekit.vault.domain.port.in;

import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;

/**
 * Finishes a rotation: destroys an old version's wrapped private key once its data has been
 * re-encrypted, so that version's ciphertexts can never be opened again.
 */
public interface RetireKeyVersion {

    /**
     * @throws KeyNotFoundException when the user has no key or no retained key of {@code version}
     * @throws KeyChangeConflictException when {@code version} is the current one
     */
    void retireVersion(UserId userId, KeyVersion version);
}

package com.estatekit.vault.domain.port.in;

import com.estatekit.vault.domain.model.CannotOpenException;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import java.util.Map;

/**
 * Rotates a user's key: opens the given values, makes key version n + 1, seals the values under
 * it and records version n in the history, where it stays decryptable until retired.
 */
public interface RotateUserKey {

    /**
     * Changes nothing unless every value opens and the new key is stored.
     *
     * @param values ciphertexts by name; the iteration order defines item indexes in errors
     * @throws KeyNotFoundException when the user has no key
     * @throws InvalidInputException naming the index of a null value
     * @throws CannotOpenException naming the lowest index that cannot be opened
     * @throws KeyChangeConflictException when another rotation or a delete won a race
     */
    Result rotate(UserId userId, Map<String, String> values);

    /** @param values the same names, sealed under {@code keyVersion}, in the same order */
    record Result(KeyVersion keyVersion, KeyVersion previousKeyVersion, Map<String, SealedValue> values) {}
}

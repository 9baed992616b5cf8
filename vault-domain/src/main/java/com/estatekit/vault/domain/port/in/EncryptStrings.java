package com.estatekit.vault.domain.port.in;

import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import java.util.List;

/** Seals strings under a user's current public key. Never calls key custody. */
public interface EncryptStrings {

    /**
     * Seals every string, in order. All or nothing.
     *
     * @throws KeyNotFoundException when the user has no key
     * @throws InvalidInputException naming the index of a null or not well-formed Unicode item
     */
    Result encrypt(UserId userId, List<String> plaintexts);

    /** @param ciphertexts one per plaintext, same order */
    record Result(KeyVersion keyVersion, List<SealedValue> ciphertexts) {}
}

package com.estatekit.vault.domain.port.in;

import com.estatekit.vault.domain.model.CannotOpenException;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import java.util.List;
import com.estatekit.vault.domain.model.UserId;

/**
 * Opens ciphertexts sealed for a user under any of their still-decryptable key versions. The mode
 * is chosen by method: {@link #decryptAll} is all-or-nothing, {@link #decryptEach} reports per item.
 */
public interface DecryptStrings {

    /**
     * Opens every ciphertext, in order, or none.
     *
     * @throws KeyNotFoundException when the user has no key
     * @throws InvalidInputException naming the index of a null item
     * @throws CannotOpenException naming the lowest index that cannot be opened
     */
    List<String> decryptAll(UserId userId, List<String> ciphertexts);

    /**
     * Opens what can be opened.
     *
     * @throws KeyNotFoundException when the user has no key
     * @throws InvalidInputException naming the index of a null item
     */
    PartialResult decryptEach(UserId userId, List<String> ciphertexts);

    /**
     * @param plaintexts one per ciphertext, same order; {@code null} where it could not be opened
     * @param failedIndexes ascending indexes of the items that could not be opened
     */
    record PartialResult(List<String> plaintexts, List<Integer> failedIndexes) {}
}

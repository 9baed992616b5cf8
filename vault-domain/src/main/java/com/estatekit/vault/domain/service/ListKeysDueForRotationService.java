package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.ListKeysDueForRotation;
import com.estatekit.vault.domain.port.out.KeyRepository;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Keyset paging over users by id: stable while keys change, no offset scans. */
public final class ListKeysDueForRotationService implements ListKeysDueForRotation {

    private final KeyRepository keys;

    /** Wires the use case to its port. */
    public ListKeysDueForRotationService(KeyRepository keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public Page listDue(Instant currentBefore, Optional<UserId> after, int limit) {
        if (currentBefore == null) {
            throw new InvalidInputException("rotatedBefore", "is required");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit", "must be between 1 and " + MAX_LIMIT);
        }
        // One extra row tells whether another page follows without a second query.
        List<UserId> found = keys.findCurrentBefore(currentBefore, after, limit + 1);
        if (found.size() <= limit) {
            return new Page(List.copyOf(found), Optional.empty());
        }
        List<UserId> page = List.copyOf(found.subList(0, limit));
        return new Page(page, Optional.of(page.get(limit - 1)));
    }
}

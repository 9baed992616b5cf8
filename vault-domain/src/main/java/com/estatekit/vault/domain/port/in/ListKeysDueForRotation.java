package com.estatekit.vault.domain.port.in;

import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Pages through users whose current key is older than a cutoff; drives scheduled rotation. */
public interface ListKeysDueForRotation {

    /** Largest page. */
    int MAX_LIMIT = 1000;

    /**
     * @param after the {@link Page#next()} of the previous page, empty for the first
     * @throws InvalidInputException when {@code limit} is outside {@code 1..MAX_LIMIT}
     */
    Page listDue(Instant currentBefore, Optional<UserId> after, int limit);

    /** @param next where the following page starts, empty when this is the last */
    record Page(List<UserId> userIds, Optional<UserId> next) {}
}

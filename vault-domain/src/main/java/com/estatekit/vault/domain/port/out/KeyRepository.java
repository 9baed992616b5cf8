package com.estatekit.vault.domain.port.out;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persists users' keys: the current key ({@code user_keys}) and the replaced versions that are still
 * decryptable ({@code user_key_history}).
 *
 * <p>Every method is atomic; any failure of the store itself is a
 * {@link DependencyUnavailableException} and leaves the store as it was.
 */
public interface KeyRepository {

    /** The user's current key and retained history, or empty when the user has no key. */
    Optional<UserKeyRing> findKeyRing(UserId userId);

    /**
     * Stores {@code key} as the user's first key, unless the user already has one. Safe under
     * races: of many concurrent calls for one user exactly one returns {@code true}.
     *
     * @param key a version-1 key
     * @return {@code true} when stored, {@code false} when the user already had a key (nothing changed)
     */
    boolean insertFirstKey(UserKey key);

    /**
     * Replaces the user's current key {@code replaced} with {@code replacement} (version + 1) and
     * records {@code replaced} in the history with its wrapped private key, at
     * {@code replacement.rotatedAt()}. All or nothing.
     *
     * @throws KeyNotFoundException when the user has no key any more (deleted meanwhile)
     * @throws KeyChangeConflictException when the current version is no longer {@code replaced.version()}
     */
    void rotate(UserKey replaced, UserKey replacement);

    /**
     * Destroys every version of the user's keys: current, history and wrapped private keys.
     *
     * @return {@code true} when the user had a key
     */
    boolean deleteAll(UserId userId);

    /**
     * Destroys the wrapped private key of an old version so its ciphertexts can never be opened.
     *
     * @return what happened; nothing changed unless {@link RetireOutcome#RETIRED}
     */
    RetireOutcome retire(UserId userId, KeyVersion version);

    /**
     * Users whose current key became current before {@code cutoff}, in ascending id order, after
     * {@code after} (exclusive) when given, at most {@code limit}.
     */
    List<UserId> findCurrentBefore(Instant cutoff, Optional<UserId> after, int limit);

    /** What {@link #retire} did. */
    enum RetireOutcome {
        /** The version's wrapped private key is gone. */
        RETIRED,
        /** The user has no retained version of that number (never existed, or retired already). */
        NOT_FOUND,
        /** That version is the user's current key, which cannot be retired. */
        IS_CURRENT
    }
}

package com.estatekit.vault.domain.fake;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyHistoryEntry;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.port.out.KeyRepository;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link KeyRepository} in a map, for domain and HTTP tests. Can be told to be unavailable. */
public final class InMemoryKeyRepository implements KeyRepository {

    private final TreeMap<UserId, UserKeyRing> rings = new TreeMap<>();
    private volatile boolean unavailable;

    /** From now on every call fails as if the database were down, until {@link #recover()}. */
    public void failAsUnavailable() {
        unavailable = true;
    }

    /** Ends {@link #failAsUnavailable()}. */
    public void recover() {
        unavailable = false;
    }

    /** How many users have a key. */
    public synchronized int userCount() {
        return rings.size();
    }

    private void checkAvailable() {
        if (unavailable) {
            throw new DependencyUnavailableException(DependencyUnavailableException.Dependency.DATABASE,
                    "in-memory repository told to fail", Duration.ofSeconds(2));
        }
    }

    @Override
    public synchronized Optional<UserKeyRing> findKeyRing(UserId userId) {
        checkAvailable();
        return Optional.ofNullable(rings.get(userId));
    }

    @Override
    public synchronized boolean insertFirstKey(UserKey key) {
        checkAvailable();
        if (!key.version().equals(KeyVersion.FIRST)) {
            throw new IllegalArgumentException("first key must be version 1");
        }
        if (rings.containsKey(key.userId())) {
            return false;
        }
        rings.put(key.userId(), new UserKeyRing(key, List.of()));
        return true;
    }

    @Override
    public synchronized void rotate(UserKey replaced, UserKey replacement) {
        checkAvailable();
        UserKeyRing ring = rings.get(replaced.userId());
        if (ring == null) {
            throw new KeyNotFoundException(replaced.userId());
        }
        if (!ring.current().version().equals(replaced.version())) {
            throw new KeyChangeConflictException(replaced.userId(), replaced.version(), "was rotated meanwhile");
        }
        List<KeyHistoryEntry> history = new ArrayList<>(ring.history());
        history.add(ring.current().retiredFromCurrent(replacement.rotatedAt()));
        rings.put(replaced.userId(), new UserKeyRing(replacement, history));
    }

    @Override
    public synchronized boolean deleteAll(UserId userId) {
        checkAvailable();
        return rings.remove(userId) != null;
    }

    @Override
    public synchronized RetireOutcome retire(UserId userId, KeyVersion version) {
        checkAvailable();
        UserKeyRing ring = rings.get(userId);
        if (ring == null) {
            return RetireOutcome.NOT_FOUND;
        }
        if (ring.current().version().equals(version)) {
            return RetireOutcome.IS_CURRENT;
        }
        List<KeyHistoryEntry> kept = ring.history().stream().filter(entry -> !entry.version().equals(version)).toList();
        if (kept.size() == ring.history().size()) {
            return RetireOutcome.NOT_FOUND;
        }
        rings.put(userId, new UserKeyRing(ring.current(), kept));
        return RetireOutcome.RETIRED;
    }

    @Override
    public synchronized List<UserId> findCurrentBefore(Instant cutoff, Optional<UserId> after, int limit) {
        checkAvailable();
        var candidates = after.isPresent() ? rings.tailMap(after.get(), false) : rings;
        return candidates.values().stream()
                .filter(ring -> ring.current().currentSince().isBefore(cutoff))
                .map(UserKeyRing::userId)
                .limit(limit)
                .toList();
    }
}

package com.estatekit.vault.domain.model;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the vault holds for one user, read fresh on every request: the current key and the
 * replaced versions that can still be decrypted.
 *
 * @param current the key new data is sealed under
 * @param history replaced, not yet retired versions, oldest first
 */
public record UserKeyRing(UserKey current, List<KeyHistoryEntry> history) {

    /** @throws IllegalArgumentException when history belongs to another user or repeats a version */
    public UserKeyRing {
        Objects.requireNonNull(current, "current");
        history = history.stream().sorted(Comparator.comparing(KeyHistoryEntry::version)).toList();
        KeyVersion previous = null;
        for (KeyHistoryEntry entry : history) {
            if (!entry.userId().equals(current.userId())) {
                throw new IllegalArgumentException("key history of another user in the ring");
            }
            if (entry.version().compareTo(current.version()) >= 0 || entry.version().equals(previous)) {
                throw new IllegalArgumentException("key history versions must be unique and older than the current key");
            }
            previous = entry.version();
        }
    }

    /** The user the ring belongs to. */
    public UserId userId() {
        return current.userId();
    }

    /** The wrapped private key of {@code version}, if that version is current or still retained. */
    public Optional<WrappedPrivateKey> wrappedPrivateKey(KeyVersion version) {
        if (current.version().equals(version)) {
            return Optional.of(current.wrappedPrivateKey());
        }
        return history.stream()
                .filter(entry -> entry.version().equals(version))
                .map(KeyHistoryEntry::wrappedPrivateKey)
                .findFirst();
    }

    /** Every version whose ciphertexts can still be opened, in ascending order. */
    public List<KeyVersion> decryptableVersions() {
        return java.util.stream.Stream.concat(history.stream().map(KeyHistoryEntry::version), java.util.stream.Stream.of(current.version()))
                .toList();
    }
}

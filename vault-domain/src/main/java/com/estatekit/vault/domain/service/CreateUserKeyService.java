package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.port.in.CreateUserKey;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Creates a user's first key. Looks first, so repeating the call costs no KMS call; when two
 * callers race past the look, the repository's insert decides and the loser reports the winner's
 * key (its own unused, still-wrapped key pair is simply dropped).
 */
public final class CreateUserKeyService implements CreateUserKey {

    private final KeyRepository keys;
    private final KeyVault keyVault;
    private final Clock clock;

    /** Wires the use case to its ports. */
    public CreateUserKeyService(KeyRepository keys, KeyVault keyVault, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyVault = Objects.requireNonNull(keyVault, "keyVault");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Result createKey(UserId userId) {
        Optional<UserKeyRing> existing = keys.findKeyRing(userId);
        if (existing.isPresent()) {
            return new Result(userId, false, existing.get().current().version());
        }
        GeneratedKeyPair pair = keyVault.createKeyPair(userId, KeyVersion.FIRST);
        if (keys.insertFirstKey(UserKey.first(userId, pair, clock.instant()))) {
            return new Result(userId, true, KeyVersion.FIRST);
        }
        return new Result(userId, false, KeyRings.require(keys, userId).current().version());
    }
}

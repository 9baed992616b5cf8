package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.port.in.DescribeUserKey;
import com.estatekit.vault.domain.port.out.KeyRepository;
import java.util.Objects;

/** Describes a user's key ring from the repository alone; no key custody involved. */
public final class DescribeUserKeyService implements DescribeUserKey {

    private final KeyRepository keys;

    /** Wires the use case to its port. */
    public DescribeUserKeyService(KeyRepository keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public Description describeKey(UserId userId) {
        UserKeyRing ring = KeyRings.require(keys, userId);
        UserKey current = ring.current();
        return new Description(userId, current.version(), ALGORITHM, current.publicKey(), current.createdAt(),
                current.lastRotatedAt(), ring.decryptableVersions());
    }
}

package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.RetireKeyVersion;
import com.estatekit.vault.domain.port.out.Cipher;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.util.Objects;

/** Destroys an old version's wrapped private key; the repository decides atomically. */
public final class RetireKeyVersionService implements RetireKeyVersion {

    private final KeyRepository keys;
    private final KeyVault keyVault;
    private final Cipher cipher;

    /** Wires the use case to its ports. */
    public RetireKeyVersionService(KeyRepository keys, KeyVault keyVault, Cipher cipher) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyVault = Objects.requireNonNull(keyVault, "keyVault");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    @Override
    public void retireVersion(UserId userId, KeyVersion version) {
        KeyRings.require(keys, userId);
        switch (keys.retire(userId, version)) {
            case RETIRED -> {
                keyVault.forget(userId);
                cipher.forget(userId);
            }
            case NOT_FOUND -> throw new KeyNotFoundException(userId, version);
            case IS_CURRENT -> throw new KeyChangeConflictException(userId, version,
                    "is the current version and cannot be retired; rotate first");
            default -> throw new IllegalStateException("unknown retire outcome");
        }
    }
}

package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.port.out.KeyRepository;

/** Reads a user's key ring or says the user has none. */
final class KeyRings {

    private KeyRings() {
    }

    static UserKeyRing require(KeyRepository keys, UserId userId) {
        return keys.findKeyRing(userId).orElseThrow(() -> new KeyNotFoundException(userId));
    }
}

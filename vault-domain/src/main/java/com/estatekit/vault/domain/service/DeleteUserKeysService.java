package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.DeleteUserKeys;
import com.estatekit.vault.domain.port.out.Cipher;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.util.Objects;

/** Crypto-shreds a user: with every wrapped private key gone, their ciphertexts are noise. */
public final class DeleteUserKeysService implements DeleteUserKeys {

    private final KeyRepository keys;
    private final KeyVault keyVault;
    private final Cipher cipher;

    /** Wires the use case to its ports. */
    public DeleteUserKeysService(KeyRepository keys, KeyVault keyVault, Cipher cipher) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyVault = Objects.requireNonNull(keyVault, "keyVault");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    @Override
    public void deleteKeys(UserId userId) {
        boolean deleted = keys.deleteAll(userId);
        keyVault.forget(userId);
        cipher.forget(userId);
        if (!deleted) {
            throw new KeyNotFoundException(userId);
        }
    }
}

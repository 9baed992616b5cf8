package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.port.in.RotateUserKey;
import com.estatekit.vault.domain.port.out.Cipher;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Rotates in an order that can never lose data: open every value, make the new key pair, seal
 * every value under it, and only then store the new key with the old one moved to history, in one
 * atomic repository call. A failure at any step before the store changes nothing; the old version
 * stays decryptable after it.
 */
public final class RotateUserKeyService implements RotateUserKey {

    private static final String FIELD = "values";

    private final KeyRepository keys;
    private final KeyVault keyVault;
    private final Cipher cipher;
    private final RingOpener opener;
    private final Clock clock;

    /** Wires the use case to its ports. */
    public RotateUserKeyService(KeyRepository keys, KeyVault keyVault, Cipher cipher, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.keyVault = Objects.requireNonNull(keyVault, "keyVault");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.opener = new RingOpener(keyVault, cipher);
    }

    @Override
    public Result rotate(UserId userId, Map<String, String> values) {
        if (values == null) {
            throw new InvalidInputException(FIELD, "must be an object of strings");
        }
        List<String> names = new ArrayList<>(values.keySet());
        List<String> ciphertexts = new ArrayList<>(values.values());
        UserKeyRing ring = KeyRings.require(keys, userId);
        Plaintext[] plaintexts = opener.open(ring, ciphertexts, FIELD, RingOpener.Mode.ALL_OR_NOTHING);
        try {
            UserKey current = ring.current();
            GeneratedKeyPair pair = keyVault.createKeyPair(userId, current.version().next());
            UserKey replacement = current.rotateTo(pair, clock.instant());
            Cipher.Sealer sealer = cipher.sealer(userId, replacement.version(), replacement.publicKey());
            Object[] sealed = Batches.map(plaintexts.length, i -> sealer.seal(plaintexts[i]));
            keys.rotate(current, replacement);
            keyVault.forget(userId);
            cipher.forget(userId);
            Map<String, SealedValue> resealed = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                resealed.put(names.get(i), (SealedValue) sealed[i]);
            }
            return new Result(replacement.version(), current.version(), Collections.unmodifiableMap(resealed));
        } finally {
            RingOpener.closeAll(plaintexts);
        }
    }
}

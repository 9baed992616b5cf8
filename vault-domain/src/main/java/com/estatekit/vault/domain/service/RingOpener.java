package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.CannotOpenException;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.MalformedSealedValueException;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.out.Cipher;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Opens a batch of ciphertexts with a user's key ring: shared by decrypt and rotate.
 *
 * <p>Unwraps each key version the batch needs once (one key custody call per version, before any
 * cache), and only after the cheap checks passed, so a batch of garbage costs no KMS call in
 * all-or-nothing mode. Private keys are closed as soon as the openers are built.
 */
final class RingOpener {

    /** Whether one unopenable item fails the whole batch. */
    enum Mode { ALL_OR_NOTHING, EACH }

    private final KeyVault keyVault;
    private final Cipher cipher;

    RingOpener(KeyVault keyVault, Cipher cipher) {
        this.keyVault = keyVault;
        this.cipher = cipher;
    }

    /**
     * Opens every item.
     *
     * @return one plaintext per item, {@code null} where it cannot be opened (only in {@link Mode#EACH});
     *     the caller owns and closes the plaintexts
     * @throws CannotOpenException in {@link Mode#ALL_OR_NOTHING}, naming the lowest failing index
     */
    Plaintext[] open(UserKeyRing ring, List<String> texts, String field, Mode mode) {
        SealedValue[] parsed = parseAll(texts, field);
        if (mode == Mode.ALL_OR_NOTHING) {
            for (int i = 0; i < parsed.length; i++) {
                if (parsed[i] == null || ring.wrappedPrivateKey(parsed[i].version()).isEmpty()) {
                    throw new CannotOpenException(ring.userId(), i);
                }
            }
        }
        Map<KeyVersion, Cipher.Opener> openers = openersFor(ring, parsed);
        Object[] opened = Batches.map(parsed.length, i -> {
            Cipher.Opener opener = parsed[i] == null ? null : openers.get(parsed[i].version());
            return opener == null ? null : opener.open(parsed[i]).orElse(null);
        });
        Plaintext[] plaintexts = new Plaintext[opened.length];
        for (int i = 0; i < opened.length; i++) {
            plaintexts[i] = (Plaintext) opened[i];
        }
        if (mode == Mode.ALL_OR_NOTHING) {
            for (int i = 0; i < plaintexts.length; i++) {
                if (plaintexts[i] == null) {
                    closeAll(plaintexts);
                    throw new CannotOpenException(ring.userId(), i);
                }
            }
        }
        return plaintexts;
    }

    static void closeAll(Plaintext[] plaintexts) {
        for (Plaintext plaintext : plaintexts) {
            if (plaintext != null) {
                plaintext.close();
            }
        }
    }

    private static SealedValue[] parseAll(List<String> texts, String field) {
        if (texts == null) {
            throw new InvalidInputException(field, "must be an array of strings");
        }
        SealedValue[] parsed = new SealedValue[texts.size()];
        for (int i = 0; i < parsed.length; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new InvalidInputException(field, i, "must be a string");
            }
            try {
                parsed[i] = SealedValue.parse(text);
            } catch (MalformedSealedValueException malformed) {
                parsed[i] = null;
            }
        }
        return parsed;
    }

    private Map<KeyVersion, Cipher.Opener> openersFor(UserKeyRing ring, SealedValue[] parsed) {
        Map<KeyVersion, Cipher.Opener> openers = new HashMap<>();
        for (SealedValue value : parsed) {
            if (value == null || openers.containsKey(value.version())) {
                continue;
            }
            Optional<WrappedPrivateKey> wrapped = ring.wrappedPrivateKey(value.version());
            if (wrapped.isEmpty()) {
                continue;
            }
            try (PrivateKeyMaterial privateKey = keyVault.unwrap(ring.userId(), value.version(), wrapped.get())) {
                openers.put(value.version(), cipher.opener(ring.userId(), value.version(), privateKey));
            }
        }
        return openers;
    }
}

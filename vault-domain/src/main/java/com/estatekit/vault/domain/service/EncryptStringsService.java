package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.port.in.EncryptStrings;
import com.estatekit.vault.domain.port.out.Cipher;
import com.estatekit.vault.domain.port.out.KeyRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Seals with the current public key only: no key custody call, no private key in memory. */
public final class EncryptStringsService implements EncryptStrings {

    private static final String FIELD = "plaintexts";

    private final KeyRepository keys;
    private final Cipher cipher;

    /** Wires the use case to its ports. */
    public EncryptStringsService(KeyRepository keys, Cipher cipher) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.cipher = Objects.requireNonNull(cipher, "cipher");
    }

    @Override
    public Result encrypt(UserId userId, List<String> plaintexts) {
        List<Plaintext> encoded = encodeAll(plaintexts);
        try {
            UserKey current = KeyRings.require(keys, userId).current();
            Cipher.Sealer sealer = cipher.sealer(userId, current.version(), current.publicKey());
            Object[] sealed = Batches.map(encoded.size(), i -> sealer.seal(encoded.get(i)));
            List<SealedValue> ciphertexts = new ArrayList<>(sealed.length);
            for (Object value : sealed) {
                ciphertexts.add((SealedValue) value);
            }
            return new Result(current.version(), List.copyOf(ciphertexts));
        } finally {
            encoded.forEach(Plaintext::close);
        }
    }

    /** Checks every item before any work, so a bad item costs nothing and names its index. */
    private static List<Plaintext> encodeAll(List<String> plaintexts) {
        if (plaintexts == null) {
            throw new InvalidInputException(FIELD, "must be an array of strings");
        }
        List<Plaintext> encoded = new ArrayList<>(plaintexts.size());
        for (int i = 0; i < plaintexts.size(); i++) {
            String text = plaintexts.get(i);
            if (text == null) {
                encoded.forEach(Plaintext::close);
                throw new InvalidInputException(FIELD, i, "must be a string");
            }
            try {
                encoded.add(Plaintext.ofString(text));
            } catch (IllegalArgumentException notUnicode) {
                encoded.forEach(Plaintext::close);
                throw new InvalidInputException(FIELD, i, "must be well-formed Unicode");
            }
        }
        return encoded;
    }
}

package com.estatekit.vault.domain.service;

import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.DecryptStrings;
import com.estatekit.vault.domain.port.out.Cipher;
import com.estatekit.vault.domain.port.out.KeyRepository;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/** Opens ciphertexts with any still-decryptable version of the user's key. */
public final class DecryptStringsService implements DecryptStrings {

    private static final String FIELD = "ciphertexts";

    private final KeyRepository keys;
    private final RingOpener opener;

    /** Wires the use case to its ports. */
    public DecryptStringsService(KeyRepository keys, KeyVault keyVault, Cipher cipher) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.opener = new RingOpener(Objects.requireNonNull(keyVault, "keyVault"), Objects.requireNonNull(cipher, "cipher"));
    }

    @Override
    public List<String> decryptAll(UserId userId, List<String> ciphertexts) {
        Plaintext[] opened = opener.open(KeyRings.require(keys, userId), ciphertexts, FIELD, RingOpener.Mode.ALL_OR_NOTHING);
        return toStrings(opened);
    }

    @Override
    public PartialResult decryptEach(UserId userId, List<String> ciphertexts) {
        Plaintext[] opened = opener.open(KeyRings.require(keys, userId), ciphertexts, FIELD, RingOpener.Mode.EACH);
        List<Integer> failed = new ArrayList<>();
        for (int i = 0; i < opened.length; i++) {
            if (opened[i] == null) {
                failed.add(i);
            }
        }
        return new PartialResult(toStrings(opened), List.copyOf(failed));
    }

    /** Decodes and wipes; {@code null} stays {@code null}. */
    private static List<String> toStrings(Plaintext[] opened) {
        List<String> strings = new ArrayList<>(opened.length);
        try {
            for (Plaintext plaintext : opened) {
                strings.add(plaintext == null ? null : plaintext.asString());
            }
        } finally {
            RingOpener.closeAll(opened);
        }
        return Collections.unmodifiableList(strings);
    }
}

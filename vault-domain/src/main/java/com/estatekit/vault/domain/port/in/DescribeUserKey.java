package com.estatekit.vault.domain.port.in;

import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Tells what key a user has, without any private material. */
public interface DescribeUserKey {

    /** The HPKE suite every key is used with, as the API reports it. */
    String ALGORITHM = "HPKE-Base/DHKEM(P-256,HKDF-SHA256)/HKDF-SHA256/AES-256-GCM";

    /** @throws KeyNotFoundException when the user has no key */
    Description describeKey(UserId userId);

    /**
     * @param currentVersion the version new data is sealed under
     * @param algorithm {@link #ALGORITHM}
     * @param publicKey the current public key
     * @param createdAt when the user's first key was made
     * @param rotatedAt when the current version replaced the previous one, if ever
     * @param decryptableVersions every version whose ciphertexts can still be opened, ascending
     */
    record Description(
            UserId userId,
            KeyVersion currentVersion,
            String algorithm,
            EncodedPublicKey publicKey,
            Instant createdAt,
            Optional<Instant> rotatedAt,
            List<KeyVersion> decryptableVersions) {}
}

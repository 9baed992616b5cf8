package com.estatekit.vault.domain.fake;

import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import java.security.SecureRandom;
import java.time.Instant;

/** Shared builders for key records with realistic shapes (real P-256 SPKI, random wrapped blob). */
public final class KeyFixtures {

    /** A fixed, microsecond-exact instant, so databases keep it exactly. */
    public static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456Z");

    private static final SecureRandom RANDOM = new SecureRandom();

    private KeyFixtures() {
    }

    /** A key pair as custody would return it, with a random 300-byte wrapped blob. */
    public static GeneratedKeyPair generatedPair() {
        byte[] blob = new byte[300];
        RANDOM.nextBytes(blob);
        return new GeneratedKeyPair(EncodedPublicKey.ofDer(SoftwareEc.generateP256().getPublic().getEncoded()),
                WrappedPrivateKey.of(blob), FakeKeyVault.KEY_ID);
    }

    /** A version-1 key for {@code userId} created at {@code createdAt}. */
    public static UserKey firstKey(UserId userId, Instant createdAt) {
        return UserKey.first(userId, generatedPair(), createdAt);
    }

    /** A version-1 key created at {@link #T0}. */
    public static UserKey firstKey(long userId) {
        return firstKey(UserId.of(userId), T0);
    }

    /** The version after {@code current}, rotated at {@code at}. */
    public static UserKey rotated(UserKey current, Instant at) {
        return current.rotateTo(generatedPair(), at);
    }

    /** Shorthand for {@link KeyVersion#of(int)}. */
    public static KeyVersion v(int version) {
        return KeyVersion.of(version);
    }
}

package com.estatekit.vault.domain.fake;

import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A {@link KeyVault} with an in-memory AES-256-GCM master key: real P-256 key pairs from the JDK,
 * private keys wrapped with the user and version as associated data. Counts calls and can be told
 * to be unavailable.
 */
public final class FakeKeyVault implements KeyVault {

    /** The master key id this fake reports. */
    public static final String KEY_ID = "arn:aws:kms:eu-west-1:000000000000:key/fake-master";

    private static final int IV_BYTES = 12;

    private final SecretKey masterKey;
    private final SecureRandom random = new SecureRandom();
    private final AtomicInteger creates = new AtomicInteger();
    private final AtomicInteger unwraps = new AtomicInteger();
    private final Set<UserId> forgotten = ConcurrentHashMap.newKeySet();
    private volatile boolean unavailable;

    /** A vault with a fresh random master key. */
    public FakeKeyVault() {
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256);
            masterKey = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** From now on every call fails as if KMS were down, until {@link #recover()}. */
    public void failAsUnavailable() {
        unavailable = true;
    }

    /** Ends {@link #failAsUnavailable()}. */
    public void recover() {
        unavailable = false;
    }

    /** Number of {@link #createKeyPair} calls that reached the master key. */
    public int createCalls() {
        return creates.get();
    }

    /** Number of {@link #unwrap} calls that reached the master key. */
    public int unwrapCalls() {
        return unwraps.get();
    }

    /** Whether {@link #forget} was called for {@code userId}. */
    public boolean wasForgotten(UserId userId) {
        return forgotten.contains(userId);
    }

    private void checkAvailable() {
        if (unavailable) {
            throw new DependencyUnavailableException(DependencyUnavailableException.Dependency.KMS,
                    "fake key vault told to fail", Duration.ofSeconds(3));
        }
    }

    @Override
    public GeneratedKeyPair createKeyPair(UserId userId, KeyVersion version) {
        checkAvailable();
        creates.incrementAndGet();
        KeyPair pair = SoftwareEc.generateP256();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(javax.crypto.Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(128, iv));
            aes.updateAAD(context(userId, version));
            byte[] sealed = aes.doFinal(pkcs8);
            byte[] blob = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, blob, 0, IV_BYTES);
            System.arraycopy(sealed, 0, blob, IV_BYTES, sealed.length);
            return new GeneratedKeyPair(EncodedPublicKey.ofDer(pair.getPublic().getEncoded()), WrappedPrivateKey.of(blob), KEY_ID);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    @Override
    public PrivateKeyMaterial unwrap(UserId userId, KeyVersion version, WrappedPrivateKey wrappedPrivateKey) {
        checkAvailable();
        unwraps.incrementAndGet();
        byte[] blob = wrappedPrivateKey.bytes();
        if (blob.length <= IV_BYTES) {
            throw new KeyMaterialUnusableException(userId, version);
        }
        try {
            javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(javax.crypto.Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(128, blob, 0, IV_BYTES));
            aes.updateAAD(context(userId, version));
            return PrivateKeyMaterial.takeOwnership(aes.doFinal(blob, IV_BYTES, blob.length - IV_BYTES));
        } catch (GeneralSecurityException wrongContextOrTampered) {
            throw new KeyMaterialUnusableException(userId, version);
        }
    }

    @Override
    public void forget(UserId userId) {
        forgotten.add(userId);
    }

    private static byte[] context(UserId userId, KeyVersion version) {
        return ("user=" + userId.value() + ";version=" + version.value()).getBytes(StandardCharsets.US_ASCII);
    }
}

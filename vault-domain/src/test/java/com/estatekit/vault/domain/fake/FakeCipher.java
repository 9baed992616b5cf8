package com.estatekit.vault.domain.fake;

import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.out.Cipher;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.KeyAgreement;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JDK-only stand-in for the HPKE cipher, for domain tests: an ECIES shaped like the ek1 payload
 * (65-byte ephemeral point, then AES-256-GCM with a 16-byte tag), with the key derived from the
 * ECDH secret, the ephemeral point and the HPKE {@code info}. Not HPKE and not interoperable; it
 * only keeps the guarantees the domain relies on (wrong user, version, key or any altered byte
 * fails to open). Counts seals and opens.
 */
public final class FakeCipher implements Cipher {

    private final AtomicInteger seals = new AtomicInteger();
    private final AtomicInteger opens = new AtomicInteger();
    private final java.util.Set<UserId> forgotten = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Whether {@link #forget} was called for {@code userId}. */
    public boolean wasForgotten(UserId userId) {
        return forgotten.contains(userId);
    }

    @Override
    public void forget(UserId userId) {
        forgotten.add(userId);
    }

    /** Number of seals so far. */
    public int sealCalls() {
        return seals.get();
    }

    /** Number of open attempts so far. */
    public int openCalls() {
        return opens.get();
    }

    @Override
    public Sealer sealer(UserId userId, KeyVersion version, EncodedPublicKey publicKey) {
        ECPublicKey recipient;
        try {
            recipient = SoftwareEc.publicKey(publicKey.der());
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KeyMaterialUnusableException(userId, version);
        }
        byte[] info = SealedValue.hpkeInfo(userId, version);
        return plaintext -> {
            seals.incrementAndGet();
            KeyPair ephemeral = SoftwareEc.generateP256();
            byte[] enc = SoftwareEc.uncompressed((ECPublicKey) ephemeral.getPublic());
            try {
                byte[] key = deriveKey(ecdh((ECPrivateKey) ephemeral.getPrivate(), recipient), enc, info);
                javax.crypto.Cipher aes = aes(javax.crypto.Cipher.ENCRYPT_MODE, key);
                byte[] ct = aes.doFinal(plaintext.exposeUtf8());
                byte[] payload = Arrays.copyOf(enc, enc.length + ct.length);
                System.arraycopy(ct, 0, payload, enc.length, ct.length);
                return SealedValue.of(version, payload);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Override
    public Opener opener(UserId userId, KeyVersion version, PrivateKeyMaterial privateKey) {
        ECPrivateKey recipient;
        byte[] pkcs8 = privateKey.copyPkcs8();
        try {
            recipient = SoftwareEc.privateKey(pkcs8);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KeyMaterialUnusableException(userId, version);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
        byte[] info = SealedValue.hpkeInfo(userId, version);
        return value -> {
            opens.incrementAndGet();
            if (!value.version().equals(version)) {
                return Optional.empty();
            }
            byte[] payload = value.payload();
            try {
                byte[] enc = Arrays.copyOf(payload, SealedValue.ENCAPSULATED_KEY_BYTES);
                ECPublicKey ephemeral = SoftwareEc.fromUncompressed(enc, recipient.getParams());
                byte[] key = deriveKey(ecdh(recipient, ephemeral), enc, info);
                javax.crypto.Cipher aes = aes(javax.crypto.Cipher.DECRYPT_MODE, key);
                return Optional.of(Plaintext.takeOwnership(
                        aes.doFinal(payload, enc.length, payload.length - enc.length)));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                return Optional.empty();
            }
        };
    }

    private static byte[] ecdh(ECPrivateKey own, ECPublicKey peer) throws GeneralSecurityException {
        KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
        agreement.init(own);
        agreement.doPhase(peer, true);
        return agreement.generateSecret();
    }

    private static byte[] deriveKey(byte[] secret, byte[] enc, byte[] info) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(secret);
        sha256.update(enc);
        sha256.update(info);
        return sha256.digest();
    }

    /** The key is fresh per message (fresh ephemeral), so a fixed nonce is safe here, as in HPKE's single-shot mode. */
    private static javax.crypto.Cipher aes(int mode, byte[] key) throws GeneralSecurityException {
        javax.crypto.Cipher aes = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        aes.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, new byte[12]));
        return aes;
    }
}

package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.Plaintext;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.out.Cipher;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import com.google.crypto.tink.AccessesPartialKey;
import com.google.crypto.tink.HybridDecrypt;
import com.google.crypto.tink.HybridEncrypt;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.hybrid.HpkeParameters;
import com.google.crypto.tink.hybrid.HpkePrivateKey;
import com.google.crypto.tink.hybrid.HpkePublicKey;
import com.google.crypto.tink.hybrid.HybridConfig2026;
import com.google.crypto.tink.internal.EllipticCurvesUtil;
import com.google.crypto.tink.util.Bytes;
import com.google.crypto.tink.util.SecretBytes;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.ECPoint;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vault's {@link Cipher}: HPKE (RFC 9180) from Google Tink, base mode, suite
 * DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, no output prefix, so a sealed payload is
 * exactly {@code enc (65 bytes) || ct}. The HPKE {@code info} is
 * {@link SealedValue#hpkeInfo(UserId, KeyVersion)}; the {@code aad} is empty.
 *
 * <p>Keys come in the DER forms KMS returns: SubjectPublicKeyInfo for sealing, PKCS#8 for opening
 * (with or without the public key inside; without it, the public point is derived from the scalar).
 * Sealers are cached by the public key's bytes, since every encrypt request sends the same key
 * again.
 *
 * <p>Openers: importing a private key costs about 2 ms of big-integer arithmetic in Tink (it checks
 * the key pair), some 20 to 40 opens' worth, so a batch decrypt would spend more time importing the
 * key than opening its values. {@link #withOpenerCache(Duration)} therefore keeps the imported
 * primitive for a TTL, keyed by an HMAC of the PKCS#8 bytes under a random per-process key (never by
 * the key bytes themselves). Give it the same TTL as the unwrapped-key cache, so a private key stays
 * in memory no longer in either place. {@link #HpkeCipher()} caches no opener at all.
 *
 * <p>Failures: a key that is not a valid P-256 key gives {@link KeyMaterialUnusableException}; a value
 * that does not open gives {@link Optional#empty()}. No Tink exception ever leaves this class.
 *
 * <p>Call {@link CryptoProviders#install()} once before using it, so ACCP does the work where it loads.
 */
public final class HpkeCipher implements Cipher {

    /** Sealers kept, one per distinct public key; each is a few hundred bytes. */
    static final int SEALER_CACHE_SIZE = 4096;
    /** Imported private keys kept at most, when the opener cache is on. */
    static final int OPENER_CACHE_SIZE = 10_000;

    private static final HpkeParameters PARAMETERS = parameters();

    private final Cache<EncodedPublicKey, HybridEncrypt> encrypters;
    private final Cache<OpenerKey, HybridDecrypt> decrypters;
    private final SecretKeySpec digestKey;

    /** A cipher that caches sealers by public key and never caches anything derived from a private key. */
    public HpkeCipher() {
        this(SEALER_CACHE_SIZE, Duration.ZERO, Ticker.systemTicker());
    }

    /**
     * A cipher that also keeps imported private keys for {@code ttl} after their first use, so that
     * a batch decrypt does not pay the import again. {@link Duration#ZERO} is the same as
     * {@link #HpkeCipher()}.
     *
     * @throws IllegalArgumentException when {@code ttl} is negative
     */
    public static HpkeCipher withOpenerCache(Duration ttl) {
        return new HpkeCipher(SEALER_CACHE_SIZE, ttl, Ticker.systemTicker());
    }

    HpkeCipher(int sealerCacheSize, Duration openerTtl, Ticker ticker) {
        if (openerTtl == null || openerTtl.isNegative()) {
            throw new IllegalArgumentException("opener cache TTL must be zero (off) or positive");
        }
        this.encrypters = Caffeine.newBuilder().maximumSize(sealerCacheSize).executor(Runnable::run).build();
        if (openerTtl.isZero()) {
            this.decrypters = null;
            this.digestKey = null;
        } else {
            Caffeine<Object, Object> builder = Caffeine.newBuilder()
                    .maximumSize(OPENER_CACHE_SIZE)
                    .expireAfterWrite(openerTtl)
                    .executor(Runnable::run)
                    .ticker(ticker);
            if (ticker == Ticker.systemTicker()) {
                builder.scheduler(Scheduler.systemScheduler()); // drop expired keys promptly, not on next access
            }
            this.decrypters = builder.build();
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            this.digestKey = new SecretKeySpec(key, "HmacSHA256");
            Arrays.fill(key, (byte) 0);
        }
    }

    @Override
    public Sealer sealer(UserId userId, KeyVersion version, EncodedPublicKey publicKey) {
        HybridEncrypt encrypt = encrypters.getIfPresent(publicKey);
        if (encrypt == null) {
            // Parsing is cheap and idempotent; a race only builds the same primitive twice.
            encrypt = newEncrypt(userId, version, publicKey);
            encrypters.put(publicKey, encrypt);
        }
        return new HpkeSealer(encrypt, version, SealedValue.hpkeInfo(userId, version));
    }

    @Override
    public Opener opener(UserId userId, KeyVersion version, PrivateKeyMaterial privateKey) {
        byte[] info = SealedValue.hpkeInfo(userId, version);
        if (decrypters == null) {
            return new HpkeOpener(newDecrypt(userId, version, privateKey), version, info);
        }
        OpenerKey key = new OpenerKey(userId, digest(userId, version, privateKey));
        HybridDecrypt decrypt = decrypters.getIfPresent(key);
        if (decrypt == null) {
            decrypt = newDecrypt(userId, version, privateKey);
            decrypters.put(key, decrypt);
        }
        return new HpkeOpener(decrypt, version, info);
    }

    /** Drops the imported private keys of {@code userId} (after a rotation, retirement or delete). */
    @Override
    public void forget(UserId userId) {
        if (decrypters != null) {
            decrypters.asMap().keySet().removeIf(key -> key.userId().equals(userId));
        }
    }

    /** An imported private key is cached by its user and an HMAC of its bytes, never by the bytes. */
    private record OpenerKey(UserId userId, ByteBuffer digest) {
    }

    /** Number of cached sealers (for tests). */
    long cachedSealers() {
        encrypters.cleanUp();
        return encrypters.estimatedSize();
    }

    /** Number of cached imported private keys (for tests). */
    long cachedOpeners() {
        if (decrypters == null) {
            return 0;
        }
        decrypters.cleanUp();
        return decrypters.estimatedSize();
    }

    /** HMAC-SHA256 of the PKCS#8 bytes under this instance's random key. */
    private ByteBuffer digest(UserId userId, KeyVersion version, PrivateKeyMaterial privateKey) {
        byte[] pkcs8;
        try {
            pkcs8 = privateKey.copyPkcs8();
        } catch (IllegalStateException destroyed) {
            throw new KeyMaterialUnusableException(userId, version);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(digestKey);
            return ByteBuffer.wrap(mac.doFinal(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private static HybridEncrypt newEncrypt(UserId userId, KeyVersion version, EncodedPublicKey publicKey) {
        try {
            HpkePublicKey key = publicKey(P256Der.pointFromSpki(publicKey.der()));
            return keyset(key).getPrimitive(HybridConfig2026.get(), HybridEncrypt.class);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new KeyMaterialUnusableException(userId, version);
        }
    }

    @AccessesPartialKey
    private static HybridDecrypt newDecrypt(UserId userId, KeyVersion version, PrivateKeyMaterial privateKey) {
        byte[] pkcs8;
        try {
            pkcs8 = privateKey.copyPkcs8();
        } catch (IllegalStateException destroyed) {
            throw new KeyMaterialUnusableException(userId, version);
        }
        P256Der.PrivateKeyParts parts = null;
        try {
            parts = P256Der.parsePkcs8(pkcs8);
            byte[] point = parts.pointOrNull();
            if (point == null) {
                point = derivePoint(parts.scalar());
            }
            HpkePrivateKey key = HpkePrivateKey.create(publicKey(point),
                    SecretBytes.copyFrom(parts.scalar(), InsecureSecretKeyAccess.get()));
            return keyset(key).getPrimitive(HybridConfig2026.get(), HybridDecrypt.class);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A wrong public point inside the PKCS#8 also lands here: Tink checks it against the scalar.
            throw new KeyMaterialUnusableException(userId, version);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
            if (parts != null) {
                parts.wipe();
            }
        }
    }

    /**
     * The public point {@code d·G}. Tink's own routine, the one {@link HpkePrivateKey#create} runs to
     * check a key pair; the JCE has no public API that derives a public key from a private one.
     */
    static byte[] derivePoint(byte[] scalar) throws GeneralSecurityException {
        BigInteger d = new BigInteger(1, scalar);
        ECPoint point = EllipticCurvesUtil.multiplyByGenerator(d, EllipticCurvesUtil.NIST_P256_PARAMS);
        byte[] out = new byte[P256Der.POINT_BYTES];
        out[0] = 0x04;
        System.arraycopy(P256Der.toFixed(point.getAffineX()), 0, out, 1, P256Der.FIELD_BYTES);
        System.arraycopy(P256Der.toFixed(point.getAffineY()), 0, out, 1 + P256Der.FIELD_BYTES, P256Der.FIELD_BYTES);
        return out;
    }

    @AccessesPartialKey
    private static HpkePublicKey publicKey(byte[] point) throws GeneralSecurityException {
        // Tink checks that the point is on the curve.
        return HpkePublicKey.create(PARAMETERS, Bytes.copyFrom(point), null);
    }

    private static KeysetHandle keyset(com.google.crypto.tink.Key key) throws GeneralSecurityException {
        return KeysetHandle.newBuilder()
                .addEntry(KeysetHandle.importKey(key).withRandomId().makePrimary())
                .build();
    }

    private static HpkeParameters parameters() {
        try {
            return HpkeParameters.builder()
                    .setKemId(HpkeParameters.KemId.DHKEM_P256_HKDF_SHA256)
                    .setKdfId(HpkeParameters.KdfId.HKDF_SHA256)
                    .setAeadId(HpkeParameters.AeadId.AES_256_GCM)
                    .setVariant(HpkeParameters.Variant.NO_PREFIX)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Tink refuses the vault's HPKE suite", e);
        }
    }

    private static final class HpkeSealer implements Sealer {
        private final HybridEncrypt encrypt;
        private final KeyVersion version;
        private final byte[] info;

        HpkeSealer(HybridEncrypt encrypt, KeyVersion version, byte[] info) {
            this.encrypt = encrypt;
            this.version = version;
            this.info = info;
        }

        @Override
        public SealedValue seal(Plaintext plaintext) {
            try {
                return SealedValue.of(version, encrypt.encrypt(plaintext.exposeUtf8(), info));
            } catch (GeneralSecurityException e) {
                // Only a broken provider gets here: the key was validated when the sealer was made.
                throw new IllegalStateException("HPKE seal failed in the crypto provider");
            }
        }
    }

    private static final class HpkeOpener implements Opener {
        private final HybridDecrypt decrypt;
        private final KeyVersion version;
        private final byte[] info;

        HpkeOpener(HybridDecrypt decrypt, KeyVersion version, byte[] info) {
            this.decrypt = decrypt;
            this.version = version;
            this.info = info;
        }

        @Override
        public Optional<Plaintext> open(SealedValue value) {
            if (value == null || !version.equals(value.version())) {
                return Optional.empty();
            }
            try {
                return Optional.of(Plaintext.takeOwnership(decrypt.decrypt(value.payload(), info)));
            } catch (GeneralSecurityException | RuntimeException anyFailure) {
                // One answer for every failure: tampered, truncated, other user, other key.
                return Optional.empty();
            }
        }
    }
}

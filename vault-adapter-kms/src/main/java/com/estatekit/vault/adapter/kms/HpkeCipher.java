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
import java.security.GeneralSecurityException;
import java.security.spec.ECPoint;
import java.util.Arrays;
import java.util.Optional;

/**
 * The vault's {@link Cipher}: HPKE (RFC 9180) from Google Tink, base mode, suite
 * DHKEM(P-256, HKDF-SHA256) / HKDF-SHA256 / AES-256-GCM, no output prefix, so a sealed payload is
 * exactly {@code enc (65 bytes) || ct}. The HPKE {@code info} is
 * {@link SealedValue#hpkeInfo(UserId, KeyVersion)}; the {@code aad} is empty.
 *
 * <p>Keys come in the DER forms KMS returns: SubjectPublicKeyInfo for sealing, PKCS#8 for opening
 * (with or without the public key inside; without it, the public point is derived from the scalar).
 * Sealers are cached by the public key's bytes, since every encrypt request sends the same key
 * again; openers are never cached, so an unwrapped private key lives only as long as its request.
 *
 * <p>Failures: a key that is not a valid P-256 key gives {@link KeyMaterialUnusableException}; a value
 * that does not open gives {@link Optional#empty()}. No Tink exception ever leaves this class.
 *
 * <p>Call {@link CryptoProviders#install()} once before using it, so ACCP does the work where it loads.
 */
public final class HpkeCipher implements Cipher {

    /** Sealers kept, one per distinct public key; each is a few hundred bytes. */
    static final int SEALER_CACHE_SIZE = 4096;

    private static final HpkeParameters PARAMETERS = parameters();

    private final Cache<EncodedPublicKey, HybridEncrypt> encrypters;

    /** A cipher with a sealer cache of {@value #SEALER_CACHE_SIZE} public keys. */
    public HpkeCipher() {
        this(SEALER_CACHE_SIZE);
    }

    HpkeCipher(int sealerCacheSize) {
        this.encrypters = Caffeine.newBuilder().maximumSize(sealerCacheSize).executor(Runnable::run).build();
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
        return new HpkeOpener(newDecrypt(userId, version, privateKey), version, SealedValue.hpkeInfo(userId, version));
    }

    /** Number of cached sealers (for tests). */
    long cachedSealers() {
        encrypters.cleanUp();
        return encrypters.estimatedSize();
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
    private static byte[] derivePoint(byte[] scalar) throws GeneralSecurityException {
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

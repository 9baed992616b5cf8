package com.estatekit.vault.adapter.kms;

import com.estatekit.vault.domain.model.EncodedPublicKey;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.out.KeyVault;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * <b>DEVELOPMENT ONLY.</b> A local software stand-in for KMS, so the vault runs on a laptop with no
 * AWS account. It is not key custody: its master key is a file on disk.
 *
 * <p>It behaves like the real adapter where the domain can tell: P-256 key pairs made in the JVM, the
 * private key (PKCS#8, with the public key inside, as KMS returns it) wrapped with AES-256-GCM under
 * a master key, the same encryption context as {@link AwsKmsKeyVault} as associated data, so a
 * wrapped key does not unwrap for another user or version. The master key is 32 random bytes in a
 * file created owner-read/write only ({@code rw-------}) and reused on the next start, so dev data
 * survives restarts. It refuses to start unless the environment is {@code dev}, and refuses a key
 * file that others may read.
 *
 * <p>Wrapped key format: {@code 0x01 || iv (12) || AES-GCM(pkcs8) with 16-byte tag}.
 */
public final class DevKeyVault implements KeyVault {

    /** The only {@code VAULT_ENV} value under which this class starts. */
    public static final String DEV_ENVIRONMENT = "dev";

    private static final String FILE_HEADER = "estatekit-vault dev-kms master key v1 (DEVELOPMENT ONLY, not key custody)\n";
    private static final byte FORMAT = 0x01;
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final SecretKeySpec masterKey;
    private final String keyId;
    private final SecureRandom random = new SecureRandom();

    private DevKeyVault(byte[] masterKeyBytes) {
        this.masterKey = new SecretKeySpec(masterKeyBytes, "AES");
        this.keyId = "arn:aws:kms:local:000000000000:key/dev-" + fingerprint(masterKeyBytes);
        Arrays.fill(masterKeyBytes, (byte) 0);
    }

    /**
     * Opens the dev KMS with the master key in {@code keyFile}, creating the file (and its parent
     * directories) with a fresh random key when it does not exist.
     *
     * @param vaultEnv the value of {@code VAULT_ENV}; anything but {@value #DEV_ENVIRONMENT} is refused
     * @throws IllegalStateException in production (or any other environment), or when the key file
     *     is unreadable, malformed, or readable by others
     */
    public static DevKeyVault open(Path keyFile, String vaultEnv) {
        if (!DEV_ENVIRONMENT.equals(vaultEnv)) {
            throw new IllegalStateException("the dev KMS is a development-only software stand-in for AWS KMS and refuses to start "
                    + "when VAULT_ENV=" + (vaultEnv == null ? "<unset, which means production>" : vaultEnv)
                    + "; use AWS KMS (VAULT_KMS_KEY_ID) there, or set VAULT_ENV=dev on a developer machine");
        }
        try {
            Path absolute = keyFile.toAbsolutePath();
            if (!Files.exists(absolute)) {
                createKeyFile(absolute);
            }
            return new DevKeyVault(readKeyFile(absolute));
        } catch (IOException e) {
            throw new UncheckedIOException("the dev KMS cannot use its master key file " + keyFile, e);
        }
    }

    /** The fake, stable ARN-like id of this dev master key. */
    public String keyId() {
        return keyId;
    }

    @Override
    public GeneratedKeyPair createKeyPair(UserId userId, KeyVersion version) {
        KeyPair pair = generateP256();
        byte[] spki = pair.getPublic().getEncoded();
        byte[] point = P256Der.pointFromSpki(spki);
        // Re-encode the private key KMS-style (with the public key inside), whatever the provider's own form.
        byte[] providerEncoding = pair.getPrivate().getEncoded();
        P256Der.PrivateKeyParts parts = P256Der.parsePkcs8(providerEncoding);
        byte[] pkcs8 = P256Der.pkcs8(parts.scalar(), point);
        parts.wipe();
        Arrays.fill(providerEncoding, (byte) 0);
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, iv));
            aes.updateAAD(EncryptionContext.canonicalBytes(EncryptionContext.of(userId, version)));
            byte[] sealed = aes.doFinal(pkcs8);
            byte[] blob = new byte[1 + IV_BYTES + sealed.length];
            blob[0] = FORMAT;
            System.arraycopy(iv, 0, blob, 1, IV_BYTES);
            System.arraycopy(sealed, 0, blob, 1 + IV_BYTES, sealed.length);
            return new GeneratedKeyPair(EncodedPublicKey.ofDer(spki), WrappedPrivateKey.of(blob), keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-GCM is not available in this JVM", e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    @Override
    public PrivateKeyMaterial unwrap(UserId userId, KeyVersion version, WrappedPrivateKey wrappedPrivateKey) {
        byte[] blob = wrappedPrivateKey.bytes();
        if (blob.length <= 1 + IV_BYTES + TAG_BITS / 8 || blob[0] != FORMAT) {
            throw new KeyMaterialUnusableException(userId, version);
        }
        try {
            Cipher aes = Cipher.getInstance("AES/GCM/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, masterKey, new GCMParameterSpec(TAG_BITS, blob, 1, IV_BYTES));
            aes.updateAAD(EncryptionContext.canonicalBytes(EncryptionContext.of(userId, version)));
            return PrivateKeyMaterial.takeOwnership(aes.doFinal(blob, 1 + IV_BYTES, blob.length - 1 - IV_BYTES));
        } catch (GeneralSecurityException wrongContextKeyOrTampered) {
            KmsFailures.SECURITY.warn("security event: the dev KMS refused to unwrap the private key of user {} key version {}",
                    userId, version);
            throw new KeyMaterialUnusableException(userId, version);
        }
    }

    /** Nothing is held in memory. */
    @Override
    public void forget(UserId userId) {
        // Nothing to drop.
    }

    private static KeyPair generateP256() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            if (!(pair.getPublic() instanceof ECPublicKey)) {
                throw new IllegalStateException("the EC key pair generator did not make an EC key");
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make P-256 keys", e);
        }
    }

    private static void createKeyFile(Path file) throws IOException {
        Path parent = file.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        byte[] content = (FILE_HEADER + Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        Arrays.fill(key, (byte) 0);
        try {
            if (isPosix(file)) {
                // Created with its permissions: there is no moment in which others may read it.
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.write(file, content, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException anotherProcessWasFaster) {
            // Use theirs.
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static byte[] readKeyFile(Path file) throws IOException {
        if (isPosix(file)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                throw new IllegalStateException("the dev KMS master key file " + file + " may be read by others ("
                        + PosixFilePermissions.toString(permissions) + "); run chmod 600 on it");
            }
        }
        byte[] content = Files.readAllBytes(file);
        try {
            String text = new String(content, StandardCharsets.US_ASCII);
            if (!text.startsWith(FILE_HEADER)) {
                throw malformed(file);
            }
            byte[] key = Base64.getDecoder().decode(text.substring(FILE_HEADER.length()).trim());
            if (key.length != KEY_BYTES) {
                Arrays.fill(key, (byte) 0);
                throw malformed(file);
            }
            return key;
        } catch (IllegalArgumentException notBase64) {
            throw malformed(file);
        } finally {
            Arrays.fill(content, (byte) 0);
        }
    }

    private static IllegalStateException malformed(Path file) {
        return new IllegalStateException("the dev KMS master key file " + file + " is not a dev master key file; "
                + "move it away to start with a new key (dev data wrapped under the old key then cannot be decrypted)");
    }

    private static boolean isPosix(Path file) {
        Path existing = file;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        return existing != null && Files.getFileAttributeView(existing, PosixFileAttributeView.class) != null;
    }

    /** A non-reversible, stable tag of the master key for the fake key id. */
    private static String fingerprint(byte[] key) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("estatekit-vault dev-kms key id\n".getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(key), 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

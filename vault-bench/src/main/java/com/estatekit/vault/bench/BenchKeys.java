package com.estatekit.vault.bench;

import com.estatekit.vault.adapter.kms.DevKeyVault;
import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A user key pair made the way dev mode makes it (the dev KMS: P-256 SPKI public key, PKCS#8
 * private key wrapped under a throw-away master key in a temporary directory).
 */
public final class BenchKeys implements AutoCloseable {

    public static final UserId USER = UserId.of(4_242_424_242L);
    public static final KeyVersion VERSION = KeyVersion.of(3);

    private final Path directory;
    public final DevKeyVault kms;
    public final GeneratedKeyPair pair;

    public BenchKeys() {
        try {
            directory = Files.createTempDirectory("vault-bench-kms");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        kms = DevKeyVault.open(directory.resolve("dev-kms-master.key"), DevKeyVault.DEV_ENVIRONMENT);
        pair = kms.createKeyPair(USER, VERSION);
    }

    /** An ASCII string of exactly {@code bytes} UTF-8 bytes, like a field value. */
    public static String text(int bytes) {
        String alphabet = "ACDEFGHJKLMNPQRSTUVWXYZ0123456789-";
        StringBuilder out = new StringBuilder(bytes);
        for (int i = 0; i < bytes; i++) {
            out.append(alphabet.charAt((i * 7 + 3) % alphabet.length()));
        }
        String value = out.toString();
        if (value.getBytes(StandardCharsets.UTF_8).length != bytes) {
            throw new IllegalStateException("text is not " + bytes + " bytes");
        }
        return value;
    }

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // A temp dir left behind is harmless.
        }
    }
}

package com.estatekit.vault.adapter.kms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.model.GeneratedKeyPair;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.PrivateKeyMaterial;
import com.estatekit.vault.domain.model.UserId;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevKeyVaultTest {

    private static final UserId ALICE = UserId.of(42);
    private static final KeyVersion V1 = KeyVersion.of(1);

    @TempDir
    Path directory;

    private Path keyFile() {
        return directory.resolve("nested/dir/dev-kms.key");
    }

    @Test
    void keys_wrapped_before_a_restart_unwrap_after_it() {
        GeneratedKeyPair pair = DevKeyVault.open(keyFile(), "dev").createKeyPair(ALICE, V1);

        DevKeyVault restarted = DevKeyVault.open(keyFile(), "dev");

        try (PrivateKeyMaterial key = restarted.unwrap(ALICE, V1, pair.wrappedPrivateKey())) {
            assertThat(P256Der.parsePkcs8(key.copyPkcs8()).pointOrNull()).isEqualTo(P256Der.pointFromSpki(pair.publicKey().der()));
        }
        assertThat(restarted.keyId()).isEqualTo(pair.kmsKeyId());
    }

    @Test
    void another_key_file_is_another_master_key() {
        GeneratedKeyPair pair = DevKeyVault.open(keyFile(), "dev").createKeyPair(ALICE, V1);
        DevKeyVault other = DevKeyVault.open(directory.resolve("other.key"), "dev");

        assertThat(other.keyId()).isNotEqualTo(pair.kmsKeyId());
        assertThatThrownBy(() -> other.unwrap(ALICE, V1, pair.wrappedPrivateKey()))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void the_key_file_is_readable_and_writable_by_its_owner_only() throws Exception {
        DevKeyVault.open(keyFile(), "dev");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile()))).isEqualTo("rw-------");
        assertThat(Files.readString(keyFile())).contains("DEVELOPMENT ONLY");
    }

    @Test
    void the_key_id_looks_like_an_arn_and_says_it_is_local() {
        DevKeyVault vault = DevKeyVault.open(keyFile(), "dev");

        assertThat(vault.keyId()).matches("arn:aws:kms:local:000000000000:key/dev-[0-9a-f]{32}");
        assertThat(vault.createKeyPair(ALICE, V1).kmsKeyId()).isEqualTo(vault.keyId());
    }

    @Test
    void it_refuses_to_start_in_production() {
        assertThatThrownBy(() -> DevKeyVault.open(keyFile(), "production"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("development-only")
                .hasMessageContaining("VAULT_ENV=production");
        assertThat(keyFile()).doesNotExist();
    }

    @Test
    void it_refuses_to_start_when_the_environment_is_unset_or_unknown() {
        assertThatThrownBy(() -> DevKeyVault.open(keyFile(), null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("production");
        assertThatThrownBy(() -> DevKeyVault.open(keyFile(), "Dev"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("VAULT_ENV=dev");
    }

    @Test
    void it_refuses_a_key_file_others_may_read() throws Exception {
        DevKeyVault.open(keyFile(), "dev");
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> DevKeyVault.open(keyFile(), "dev"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("may be read by others")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void it_refuses_a_file_that_is_not_a_dev_master_key() throws Exception {
        Files.createDirectories(keyFile().getParent());
        Files.writeString(keyFile(), "not a key\n", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(keyFile(), PosixFilePermissions.fromString("rw-------"));

        assertThatThrownBy(() -> DevKeyVault.open(keyFile(), "dev"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is not a dev master key file");
    }

    @Test
    void a_wrapped_key_of_another_format_is_refused() {
        DevKeyVault vault = DevKeyVault.open(keyFile(), "dev");
        byte[] blob = vault.createKeyPair(ALICE, V1).wrappedPrivateKey().bytes();
        blob[0] = 0x02;

        assertThatThrownBy(() -> vault.unwrap(ALICE, V1, com.estatekit.vault.domain.model.WrappedPrivateKey.of(blob)))
                .isInstanceOf(KeyMaterialUnusableException.class);
    }
}

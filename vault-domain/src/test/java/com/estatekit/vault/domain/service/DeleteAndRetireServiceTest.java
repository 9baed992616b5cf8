package com.estatekit.vault.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.FakeVault;
import com.estatekit.vault.domain.model.CannotOpenException;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.KeyChangeConflictException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.UserId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeleteAndRetireServiceTest {

    private static final UserId USER = UserId.of(42);
    private final FakeVault vault = new FakeVault();

    @BeforeEach
    void createKey() {
        vault.createKey.createKey(USER);
    }

    private String seal(String plaintext) {
        return vault.encrypt.encrypt(USER, List.of(plaintext)).ciphertexts().get(0).format();
    }

    @Test
    void delete_makes_every_version_unreadable_and_every_call_not_found() {
        String v1 = seal("one");
        vault.rotate.rotate(USER, Map.of());
        String v2 = seal("two");

        vault.deleteKeys.deleteKeys(USER);

        assertThat(vault.keyVault.wasForgotten(USER)).isTrue();
        assertThat(vault.cipher.wasForgotten(USER)).isTrue();
        assertThatThrownBy(() -> vault.decrypt.decryptAll(USER, List.of(v1))).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> vault.encrypt.encrypt(USER, List.of("x"))).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> vault.describeKey.describeKey(USER)).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> vault.deleteKeys.deleteKeys(USER)).isInstanceOf(KeyNotFoundException.class);

        // A new key for the same user does not bring the old data back.
        vault.createKey.createKey(USER);
        assertThatThrownBy(() -> vault.decrypt.decryptAll(USER, List.of(v1))).isInstanceOf(CannotOpenException.class);
        assertThatThrownBy(() -> vault.decrypt.decryptAll(USER, List.of(v2))).isInstanceOf(CannotOpenException.class);
    }

    @Test
    void delete_when_the_database_is_down_is_unavailable_and_keeps_the_keys() {
        vault.keys.failAsUnavailable();
        assertThatThrownBy(() -> vault.deleteKeys.deleteKeys(USER)).isInstanceOf(DependencyUnavailableException.class);
        vault.keys.recover();
        assertThat(vault.keys.findKeyRing(USER)).isPresent();
    }

    @Test
    void retiring_an_old_version_makes_only_its_ciphertexts_unreadable() {
        String v1 = seal("one");
        vault.rotate.rotate(USER, Map.of());
        String v2 = seal("two");

        vault.retireVersion.retireVersion(USER, KeyVersion.of(1));

        assertThat(vault.keyVault.wasForgotten(USER)).isTrue();
        assertThat(vault.cipher.wasForgotten(USER)).isTrue();
        assertThatThrownBy(() -> vault.decrypt.decryptAll(USER, List.of(v1))).isInstanceOf(CannotOpenException.class);
        assertThat(vault.decrypt.decryptAll(USER, List.of(v2))).containsExactly("two");
        assertThat(vault.describeKey.describeKey(USER).decryptableVersions()).containsExactly(KeyVersion.of(2));
    }

    @Test
    void the_current_version_cannot_be_retired() {
        assertThatThrownBy(() -> vault.retireVersion.retireVersion(USER, KeyVersion.FIRST))
                .isInstanceOf(KeyChangeConflictException.class)
                .hasMessageContaining("cannot be retired");
    }

    @Test
    void an_unknown_or_already_retired_version_is_not_found() {
        vault.rotate.rotate(USER, Map.of());
        vault.retireVersion.retireVersion(USER, KeyVersion.FIRST);

        assertThatThrownBy(() -> vault.retireVersion.retireVersion(USER, KeyVersion.FIRST))
                .isInstanceOfSatisfying(KeyNotFoundException.class, e -> assertThat(e.version()).contains(KeyVersion.FIRST));
        assertThatThrownBy(() -> vault.retireVersion.retireVersion(USER, KeyVersion.of(8))).isInstanceOf(KeyNotFoundException.class);
        assertThatThrownBy(() -> vault.retireVersion.retireVersion(UserId.of(1), KeyVersion.of(1)))
                .isInstanceOf(KeyNotFoundException.class);
    }
}

package com.estatekit.vault.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.FakeVault;
import com.estatekit.vault.domain.model.CannotOpenException;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.port.in.RotateUserKey;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RotateUserKeyServiceTest {

    private static final UserId USER = UserId.of(42);
    private final FakeVault vault = new FakeVault();

    @BeforeEach
    void createKey() {
        vault.createKey.createKey(USER);
    }

    private String seal(String plaintext) {
        return vault.encrypt.encrypt(USER, List.of(plaintext)).ciphertexts().get(0).format();
    }

    private Map<String, String> values(String... namesAndPlaintexts) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPlaintexts.length; i += 2) {
            values.put(namesAndPlaintexts[i], seal(namesAndPlaintexts[i + 1]));
        }
        return values;
    }

    @Test
    void rotation_reseals_every_value_under_the_next_version_keeping_names_and_order() {
        Map<String, String> before = values("ssn", "123-45-6789", "iban", "DE89 3704 0044 0532 0130 00", "zip", "");
        vault.clock.advance(Duration.ofDays(30));

        RotateUserKey.Result result = vault.rotate.rotate(USER, before);

        assertThat(result.keyVersion()).isEqualTo(KeyVersion.of(2));
        assertThat(result.previousKeyVersion()).isEqualTo(KeyVersion.of(1));
        assertThat(result.values().keySet()).containsExactly("ssn", "iban", "zip");
        assertThat(result.values().values()).allMatch(value -> value.version().equals(KeyVersion.of(2)));
        List<String> resealed = result.values().values().stream().map(SealedValue::format).toList();
        assertThat(vault.decrypt.decryptAll(USER, resealed)).containsExactly("123-45-6789", "DE89 3704 0044 0532 0130 00", "");
    }

    @Test
    void old_ciphertexts_stay_decryptable_after_rotation() {
        Map<String, String> before = values("a", "alpha");

        vault.rotate.rotate(USER, before);

        assertThat(vault.decrypt.decryptAll(USER, List.copyOf(before.values()))).containsExactly("alpha");
    }

    @Test
    void history_records_the_replaced_version_and_when() {
        vault.clock.advance(Duration.ofDays(10));
        vault.rotate.rotate(USER, Map.of());

        UserKeyRing ring = vault.keys.findKeyRing(USER).orElseThrow();
        assertThat(ring.history()).singleElement().satisfies(entry -> {
            assertThat(entry.version()).isEqualTo(KeyVersion.FIRST);
            assertThat(entry.replacedAt()).isEqualTo(vault.clock.instant());
        });
        assertThat(ring.current().rotatedAt()).isEqualTo(vault.clock.instant());
        assertThat(vault.keyVault.wasForgotten(USER)).isTrue();
        assertThat(vault.cipher.wasForgotten(USER)).isTrue();
    }

    @Test
    void values_under_older_retained_versions_are_resealed_too() {
        String v1 = seal("from v1");
        vault.rotate.rotate(USER, Map.of());
        String v2 = seal("from v2");

        RotateUserKey.Result result = vault.rotate.rotate(USER, Map.of("one", v1, "two", v2));

        assertThat(result.keyVersion()).isEqualTo(KeyVersion.of(3));
        assertThat(vault.decrypt.decryptAll(USER, List.of(result.values().get("one").format(), result.values().get("two").format())))
                .containsExactly("from v1", "from v2");
    }

    @Test
    void one_value_that_cannot_be_opened_changes_nothing() {
        Map<String, String> before = values("a", "alpha", "b", "beta");
        before.put("c", "ek1:1:garbage");

        assertThatThrownBy(() -> vault.rotate.rotate(USER, before))
                .isInstanceOfSatisfying(CannotOpenException.class, e -> assertThat(e.index()).isEqualTo(2));
        assertThat(vault.keys.findKeyRing(USER).orElseThrow().current().version()).isEqualTo(KeyVersion.FIRST);
        assertThat(vault.keyVault.createCalls()).isEqualTo(1);
    }

    @Test
    void a_kms_failure_while_making_the_new_key_changes_nothing() {
        Map<String, String> before = values("a", "alpha");
        vault.decrypt.decryptAll(USER, List.copyOf(before.values()));
        // Unwrap works (first decrypt above proved it) but key creation fails.
        vault.keyVault.failAsUnavailable();

        assertThatThrownBy(() -> vault.rotate.rotate(USER, before)).isInstanceOf(DependencyUnavailableException.class);

        vault.keyVault.recover();
        assertThat(vault.keys.findKeyRing(USER).orElseThrow().current().version()).isEqualTo(KeyVersion.FIRST);
        assertThat(vault.decrypt.decryptAll(USER, List.copyOf(before.values()))).containsExactly("alpha");
    }

    @Test
    void a_database_failure_on_store_changes_nothing_visible() {
        Map<String, String> before = values("a", "alpha");
        vault.keys.failAsUnavailable();

        assertThatThrownBy(() -> vault.rotate.rotate(USER, before)).isInstanceOf(DependencyUnavailableException.class);

        vault.keys.recover();
        assertThat(vault.keys.findKeyRing(USER).orElseThrow().current().version()).isEqualTo(KeyVersion.FIRST);
    }

    @Test
    void a_null_value_is_invalid_input() {
        Map<String, String> withNull = new LinkedHashMap<>();
        withNull.put("a", null);

        assertThatThrownBy(() -> vault.rotate.rotate(USER, withNull))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.field()).isEqualTo("values"));
        assertThatThrownBy(() -> vault.rotate.rotate(USER, null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_user_without_a_key_is_not_found() {
        assertThatThrownBy(() -> vault.rotate.rotate(UserId.of(5), Map.of())).isInstanceOf(KeyNotFoundException.class);
    }
}

package com.estatekit.vault.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.FakeVault;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.port.in.EncryptStrings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EncryptStringsServiceTest {

    private static final UserId USER = UserId.of(42);
    private final FakeVault vault = new FakeVault();

    @BeforeEach
    void createKey() {
        vault.createKey.createKey(USER);
    }

    @Test
    void seals_every_string_in_order_under_the_current_version() {
        List<String> plaintexts = List.of("123-45-6789", "", "Grüße 😀");

        EncryptStrings.Result result = vault.encrypt.encrypt(USER, plaintexts);

        assertThat(result.keyVersion()).isEqualTo(KeyVersion.FIRST);
        assertThat(result.ciphertexts()).hasSize(3);
        List<String> texts = result.ciphertexts().stream().map(SealedValue::format).toList();
        assertThat(texts).allMatch(text -> text.startsWith("ek1:1:"));
        assertThat(vault.decrypt.decryptAll(USER, texts)).containsExactlyElementsOf(plaintexts);
    }

    @Test
    void a_large_batch_keeps_its_order() {
        List<String> plaintexts = IntStream.range(0, 200).mapToObj(i -> "value-" + i).toList();

        List<String> texts = vault.encrypt.encrypt(USER, plaintexts).ciphertexts().stream().map(SealedValue::format).toList();

        assertThat(vault.decrypt.decryptAll(USER, texts)).containsExactlyElementsOf(plaintexts);
    }

    @Test
    void encrypting_never_touches_key_custody() {
        int unwrapsBefore = vault.keyVault.unwrapCalls();
        vault.keyVault.failAsUnavailable();

        vault.encrypt.encrypt(USER, List.of("works while KMS is down"));

        assertThat(vault.keyVault.unwrapCalls()).isEqualTo(unwrapsBefore);
    }

    @Test
    void an_empty_batch_gives_an_empty_answer() {
        assertThat(vault.encrypt.encrypt(USER, List.of()).ciphertexts()).isEmpty();
    }

    @Test
    void a_null_item_is_named_by_index_and_nothing_is_sealed() {
        List<String> plaintexts = new ArrayList<>(Arrays.asList("a", "b", null));

        assertThatThrownBy(() -> vault.encrypt.encrypt(USER, plaintexts))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> {
                    assertThat(e.field()).isEqualTo("plaintexts");
                    assertThat(e.index()).hasValue(2);
                });
        assertThat(vault.cipher.sealCalls()).isZero();
    }

    @Test
    void a_lone_surrogate_is_invalid_input_naming_the_index_not_the_content() {
        assertThatThrownBy(() -> vault.encrypt.encrypt(USER, List.of("ok", "bad \ud800")))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.index()).hasValue(1))
                .hasMessageNotContaining("bad");
    }

    @Test
    void a_missing_batch_is_invalid_input() {
        assertThatThrownBy(() -> vault.encrypt.encrypt(USER, null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_user_without_a_key_is_not_found() {
        assertThatThrownBy(() -> vault.encrypt.encrypt(UserId.of(99), List.of("x"))).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void database_down_is_unavailable() {
        vault.keys.failAsUnavailable();

        assertThatThrownBy(() -> vault.encrypt.encrypt(USER, List.of("x"))).isInstanceOf(DependencyUnavailableException.class);
    }
}

package com.estatekit.vault.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.estatekit.vault.domain.fake.FakeVault;
import com.estatekit.vault.domain.model.CannotOpenException;
import com.estatekit.vault.domain.model.DependencyUnavailableException;
import com.estatekit.vault.domain.model.InvalidInputException;
import com.estatekit.vault.domain.model.KeyMaterialUnusableException;
import com.estatekit.vault.domain.model.KeyNotFoundException;
import com.estatekit.vault.domain.model.KeyVersion;
import com.estatekit.vault.domain.model.SealedValue;
import com.estatekit.vault.domain.model.UserId;
import com.estatekit.vault.domain.model.UserKey;
import com.estatekit.vault.domain.model.UserKeyRing;
import com.estatekit.vault.domain.model.WrappedPrivateKey;
import com.estatekit.vault.domain.port.in.DecryptStrings;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DecryptStringsServiceTest {

    private static final UserId ALICE = UserId.of(42);
    private static final UserId BOB = UserId.of(43);
    private final FakeVault vault = new FakeVault();

    @BeforeEach
    void createKeys() {
        vault.createKey.createKey(ALICE);
        vault.createKey.createKey(BOB);
    }

    private List<String> seal(UserId user, String... plaintexts) {
        return vault.encrypt.encrypt(user, List.of(plaintexts)).ciphertexts().stream().map(SealedValue::format).toList();
    }

    private static String tamper(String text) {
        SealedValue value = SealedValue.parse(text);
        byte[] payload = value.payload();
        payload[payload.length - 1] ^= 1;
        return SealedValue.of(value.version(), payload).format();
    }

    @Test
    void opens_every_ciphertext_in_order() {
        assertThat(vault.decrypt.decryptAll(ALICE, seal(ALICE, "one", "", "three"))).containsExactly("one", "", "three");
    }

    @Test
    void one_unwrap_per_version_per_request() {
        List<String> texts = seal(ALICE, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j");

        vault.decrypt.decryptAll(ALICE, texts);

        assertThat(vault.keyVault.unwrapCalls()).isEqualTo(1);
    }

    @Test
    void a_tampered_item_fails_the_whole_batch_naming_its_index() {
        List<String> texts = new ArrayList<>(seal(ALICE, "a", "b", "c"));
        texts.set(1, tamper(texts.get(1)));

        assertThatThrownBy(() -> vault.decrypt.decryptAll(ALICE, texts))
                .isInstanceOfSatisfying(CannotOpenException.class, e -> assertThat(e.index()).isEqualTo(1));
    }

    @Test
    void another_users_ciphertext_cannot_be_opened() {
        List<String> bobs = seal(BOB, "bob's secret");

        assertThatThrownBy(() -> vault.decrypt.decryptAll(ALICE, bobs))
                .isInstanceOfSatisfying(CannotOpenException.class, e -> assertThat(e.index()).isZero());
    }

    @Test
    void a_malformed_or_unknown_version_item_fails_before_any_kms_call() {
        List<String> good = seal(ALICE, "a");
        String unknownVersion = SealedValue.of(KeyVersion.of(9), SealedValue.parse(good.get(0)).payload()).format();

        assertThatThrownBy(() -> vault.decrypt.decryptAll(ALICE, List.of(good.get(0), "ek1:1:not-base64!")))
                .isInstanceOfSatisfying(CannotOpenException.class, e -> assertThat(e.index()).isEqualTo(1));
        assertThatThrownBy(() -> vault.decrypt.decryptAll(ALICE, List.of(good.get(0), unknownVersion)))
                .isInstanceOfSatisfying(CannotOpenException.class, e -> assertThat(e.index()).isEqualTo(1));
        assertThat(vault.keyVault.unwrapCalls()).isZero();
    }

    @Test
    void the_lowest_failing_index_is_reported() {
        List<String> texts = new ArrayList<>(seal(ALICE, "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"));
        texts.set(7, tamper(texts.get(7)));
        texts.set(3, tamper(texts.get(3)));

        assertThatThrownBy(() -> vault.decrypt.decryptAll(ALICE, texts))
                .isInstanceOfSatisfying(CannotOpenException.class, e -> assertThat(e.index()).isEqualTo(3));
    }

    @Test
    void partial_mode_opens_what_it_can_and_lists_the_rest() {
        List<String> texts = new ArrayList<>(seal(ALICE, "a", "b", "c"));
        texts.set(0, tamper(texts.get(0)));
        texts.add("garbage");
        texts.add(seal(BOB, "bob").get(0));

        DecryptStrings.PartialResult result = vault.decrypt.decryptEach(ALICE, texts);

        assertThat(result.plaintexts()).containsExactly(null, "b", "c", null, null);
        assertThat(result.failedIndexes()).containsExactly(0, 3, 4);
    }

    @Test
    void a_null_item_is_invalid_input_in_both_modes() {
        List<String> texts = new ArrayList<>(Arrays.asList(seal(ALICE, "a").get(0), null));

        assertThatThrownBy(() -> vault.decrypt.decryptAll(ALICE, texts))
                .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.index()).hasValue(1));
        assertThatThrownBy(() -> vault.decrypt.decryptEach(ALICE, texts)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void a_user_without_a_key_is_not_found() {
        assertThatThrownBy(() -> vault.decrypt.decryptAll(UserId.of(99), List.of())).isInstanceOf(KeyNotFoundException.class);
    }

    @Test
    void kms_down_is_unavailable() {
        List<String> texts = seal(ALICE, "a");
        vault.keyVault.failAsUnavailable();

        assertThatThrownBy(() -> vault.decrypt.decryptAll(ALICE, texts)).isInstanceOf(DependencyUnavailableException.class);
        vault.keyVault.recover();
        assertThat(vault.decrypt.decryptAll(ALICE, texts)).containsExactly("a");
    }

    @Test
    void a_wrapped_key_moved_from_another_user_is_refused_by_custody() {
        List<String> texts = seal(ALICE, "a");
        // Copy Bob's wrapped key into Alice's row, as a tampered database would.
        UserKey alices = vault.keys.findKeyRing(ALICE).orElseThrow().current();
        WrappedPrivateKey bobs = vault.keys.findKeyRing(BOB).orElseThrow().current().wrappedPrivateKey();
        vault.keys.deleteAll(ALICE);
        vault.keys.insertFirstKey(new UserKey(ALICE, alices.version(), alices.publicKey(), bobs, alices.kmsKeyId(),
                alices.createdAt(), null));

        assertThatThrownBy(() -> vault.decrypt.decryptAll(ALICE, texts)).isInstanceOf(KeyMaterialUnusableException.class);
    }

    @Test
    void rotated_keys_still_open_old_ciphertexts() {
        List<String> old = seal(ALICE, "old");
        vault.rotate.rotate(ALICE, Map.of());
        List<String> fresh = seal(ALICE, "new");

        assertThat(vault.decrypt.decryptAll(ALICE, List.of(old.get(0), fresh.get(0)))).containsExactly("old", "new");
        UserKeyRing ring = vault.keys.findKeyRing(ALICE).orElseThrow();
        assertThat(ring.decryptableVersions()).containsExactly(KeyVersion.of(1), KeyVersion.of(2));
    }
}

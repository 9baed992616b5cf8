package com.estatekit.vault.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretTypesTest {

    @ParameterizedTest
    @ValueSource(classes = {PrivateKeyMaterial.class, Plaintext.class})
    void secret_types_are_final_and_define_no_toString_equals_or_hashCode(Class<?> type) throws Exception {
        assertThat(java.lang.reflect.Modifier.isFinal(type.getModifiers())).isTrue();
        assertThat(type.isRecord()).isFalse();
        for (String name : new String[] {"toString", "hashCode"}) {
            Method method = type.getMethod(name);
            assertThat(method.getDeclaringClass()).as(name).isEqualTo(Object.class);
        }
        assertThat(type.getMethod("equals", Object.class).getDeclaringClass()).isEqualTo(Object.class);
    }

    @Test
    void a_closed_private_key_is_wiped_and_refuses_to_give_out_bytes() {
        byte[] owned = {1, 2, 3, 4};
        PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(owned);

        key.close();

        assertThat(owned).containsOnly(0);
        assertThat(key.isDestroyed()).isTrue();
        assertThatThrownBy(key::copyPkcs8).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_duplicate_outlives_its_original() {
        PrivateKeyMaterial original = PrivateKeyMaterial.takeOwnership(new byte[] {9, 8, 7});
        PrivateKeyMaterial copy = original.duplicate();

        original.close();

        assertThat(copy.copyPkcs8()).containsExactly(9, 8, 7);
    }

    @Test
    void a_copy_racing_a_close_is_whole_or_refused_never_half_wiped() throws Exception {
        byte[] original = new byte[4096];
        java.util.Arrays.fill(original, (byte) 7);
        for (int round = 0; round < 200; round++) {
            PrivateKeyMaterial key = PrivateKeyMaterial.takeOwnership(original.clone());
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread closer = new Thread(() -> {
                awaitQuietly(go);
                key.close();
            });
            closer.start();
            go.countDown();
            for (int i = 0; i < 20; i++) {
                try {
                    assertThat(key.copyPkcs8()).isEqualTo(original);
                } catch (IllegalStateException refused) {
                    assertThat(key.isDestroyed()).isTrue();
                }
            }
            closer.join();
        }
    }

    private static void awaitQuietly(java.util.concurrent.CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void a_closed_plaintext_is_wiped() {
        Plaintext plaintext = Plaintext.ofString("123-45-6789");
        byte[] buffer = plaintext.exposeUtf8();

        plaintext.close();

        assertThat(buffer).containsOnly(0);
    }

    @Test
    void to_string_of_a_secret_shows_no_content() {
        Plaintext plaintext = Plaintext.ofString("canary-ssn-987-65-4321");

        assertThat(plaintext.toString()).doesNotContain("canary");
    }

    @Test
    void plaintexts_must_be_well_formed_unicode() {
        assertThatThrownBy(() -> Plaintext.ofString("broken \ud800 surrogate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("broken");
        assertThat(Plaintext.ofString("😀").exposeUtf8()).isEqualTo("😀".getBytes(StandardCharsets.UTF_8));
    }
}

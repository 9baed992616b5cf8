package com.estatekit.vault.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResponseCheckTest {

    private static final String TWO = "{\"keyVersion\":2,\"ciphertexts\":[\"ek1:2:AAAA\",\"ek1:2:BBBB\"]}";

    @Test
    void an_encrypt_response_with_the_right_count_and_format_passes() throws BadResponse {
        ResponseCheck.Encrypted encrypted = ResponseCheck.encrypted(200, TWO, 2);

        assertThat(encrypted.keyVersion()).isEqualTo(2);
        assertThat(encrypted.ciphertexts()).containsExactly("ek1:2:AAAA", "ek1:2:BBBB");
    }

    @Test
    void an_encrypt_response_with_a_wrong_count_is_refused() {
        assertThatThrownBy(() -> ResponseCheck.encrypted(200, TWO, 3))
                .isInstanceOf(BadResponse.class).hasMessage("ciphertexts has 2 items, expected 3");
    }

    @Test
    void a_ciphertext_under_another_version_than_announced_is_refused() {
        assertThatThrownBy(() -> ResponseCheck.encrypted(200, "{\"keyVersion\":2,\"ciphertexts\":[\"ek1:1:AAAA\"]}", 1))
                .isInstanceOf(BadResponse.class).hasMessageContaining("format");
    }

    @Test
    void an_error_status_is_refused_and_named_with_its_problem_type_only() {
        String problem = "{\"type\":\"https://estatekit.com/problems/cannot-open\",\"title\":\"x\",\"detail\":\"item 3\"}";

        assertThatThrownBy(() -> ResponseCheck.encrypted(422, problem, 1))
                .isInstanceOf(BadResponse.class).hasMessage("status 422 (https://estatekit.com/problems/cannot-open)");
    }

    @Test
    void a_decrypt_response_must_give_back_what_was_encrypted_in_order() throws BadResponse {
        ResponseCheck.decrypted(200, "{\"plaintexts\":[\"a\",\"b\"]}", List.of("a", "b"));

        assertThatThrownBy(() -> ResponseCheck.decrypted(200, "{\"plaintexts\":[\"b\",\"a\"]}", List.of("a", "b")))
                .isInstanceOf(BadResponse.class).hasMessage("plaintext 0 does not round-trip");
        assertThatThrownBy(() -> ResponseCheck.decrypted(200, "{\"plaintexts\":[\"a\"]}", List.of("a", "b")))
                .isInstanceOf(BadResponse.class).hasMessage("plaintexts has 1 items, expected 2");
    }

    @Test
    void a_rotation_must_move_to_the_next_version_and_keep_every_name() throws BadResponse {
        String body = "{\"keyVersion\":4,\"previousKeyVersion\":3,\"values\":{\"a\":\"ek1:4:AAAA\",\"b\":\"ek1:4:BBBB\"}}";

        assertThat(ResponseCheck.rotated(200, body, 3, List.of("a", "b")).values()).containsEntry("b", "ek1:4:BBBB");
        assertThatThrownBy(() -> ResponseCheck.rotated(200, body, 2, List.of("a", "b"))).isInstanceOf(BadResponse.class);
        assertThatThrownBy(() -> ResponseCheck.rotated(200, body, 3, List.of("a", "c"))).isInstanceOf(BadResponse.class);
    }

    @Test
    void key_creation_must_answer_201_created() throws BadResponse {
        ResponseCheck.keyCreated(201, "{\"userId\":42,\"created\":true,\"keyVersion\":1}", 42);

        assertThatThrownBy(() -> ResponseCheck.keyCreated(200, "{\"userId\":42,\"created\":false,\"keyVersion\":1}", 42))
                .isInstanceOf(BadResponse.class).hasMessage("status 200");
    }
}

package com.estatekit.vault.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class SealedValueTest {

    private static final byte[] PAYLOAD = payload(SealedValue.MIN_PAYLOAD_BYTES + 5);
    private static final String B64 = Base64.getUrlEncoder().withoutPadding().encodeToString(PAYLOAD);

    private static byte[] payload(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
        }
        bytes[0] = 4;
        return bytes;
    }

    @Test
    void a_canonical_value_parses_and_formats_back_identically() {
        String text = "ek1:12:" + B64;

        SealedValue value = SealedValue.parse(text);

        assertThat(value.version()).isEqualTo(KeyVersion.of(12));
        assertThat(value.payload()).isEqualTo(PAYLOAD);
        assertThat(value.format()).isEqualTo(text);
    }

    @Test
    void the_shortest_payload_is_an_encapsulation_and_a_tag() {
        String shortest = Base64.getUrlEncoder().withoutPadding().encodeToString(payload(81));
        String tooShort = Base64.getUrlEncoder().withoutPadding().encodeToString(payload(80));

        assertThat(SealedValue.parse("ek1:1:" + shortest).payload()).hasSize(81);
        assertThatThrownBy(() -> SealedValue.parse("ek1:1:" + tooShort)).isInstanceOf(MalformedSealedValueException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
        "ek1", "ek1:", "ek1:1", "ek1:1:", "ek2:1:PAYLOAD", "EK1:1:PAYLOAD", " ek1:1:PAYLOAD", "ek1:1:PAYLOAD ",
        "ek1:0:PAYLOAD", "ek1:01:PAYLOAD", "ek1:+1:PAYLOAD", "ek1:-1:PAYLOAD", "ek1::PAYLOAD", "ek1:1a:PAYLOAD",
        "ek1:2147483648:PAYLOAD", "ek1:1:PAYLOAD=", "ek1:1:PAYLOAD==", "ek1:1:PAYLOAD:extra", "ek1:1:PAY LOAD",
        "ek1:1:PAYLOAD\n", "ek1:1:A", "ek1:1:PAYLOAD+", "ek1:1:PAYLOAD/"
    })
    void anything_not_exactly_one_canonical_value_is_refused(String template) {
        String text = template == null ? null : template.replace("PAYLOAD", B64);

        assertThatThrownBy(() -> SealedValue.parse(text))
                .isInstanceOf(MalformedSealedValueException.class)
                .hasMessage("not a valid ek1 sealed value");
    }

    @Test
    void the_standard_alphabet_is_refused() {
        byte[] bytes = payload(90);
        bytes[10] = (byte) 0xfb; // encodes to '+' or '/' in the standard alphabet
        bytes[11] = (byte) 0xff;
        String standard = Base64.getEncoder().withoutPadding().encodeToString(bytes);
        assertThat(standard).containsAnyOf("+", "/");

        assertThatThrownBy(() -> SealedValue.parse("ek1:1:" + standard)).isInstanceOf(MalformedSealedValueException.class);
    }

    @Test
    void non_zero_padding_bits_are_refused_so_each_value_has_one_spelling() {
        // 82 bytes encode to 110 chars; the last char carries 4 unused bits that must be zero.
        String canonical = Base64.getUrlEncoder().withoutPadding().encodeToString(payload(82));
        char last = canonical.charAt(canonical.length() - 1);
        String sibling = canonical.substring(0, canonical.length() - 1) + (char) (last + 1);

        assertThat(Base64.getUrlDecoder().decode(sibling)).isEqualTo(payload(82));
        assertThatThrownBy(() -> SealedValue.parse("ek1:1:" + sibling)).isInstanceOf(MalformedSealedValueException.class);
    }

    @Test
    void the_payload_is_copied_in_and_out() {
        byte[] bytes = payload(90);
        SealedValue value = SealedValue.of(KeyVersion.FIRST, bytes);
        bytes[5] ^= 1;
        value.payload()[6] ^= 1;

        assertThat(value.payload()).isEqualTo(payload(90));
    }

    @Test
    void to_string_shows_no_payload() {
        SealedValue value = SealedValue.parse("ek1:3:" + B64);

        assertThat(value.toString()).doesNotContain(B64.substring(0, 12)).contains("version=3");
    }

    @Test
    void the_hpke_info_names_user_and_version_exactly() {
        assertThat(new String(SealedValue.hpkeInfo(UserId.of(42), KeyVersion.of(7)), StandardCharsets.US_ASCII))
                .isEqualTo("estatekit-vault:ek1:user:42:key:7");
    }
}

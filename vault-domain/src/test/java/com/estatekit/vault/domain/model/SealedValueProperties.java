package com.estatekit.vault.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

class SealedValueProperties {

    @Property
    void the_parser_throws_nothing_but_its_own_error(@ForAll String text) {
        try {
            SealedValue value = SealedValue.parse(text);
            assertThat(value.format()).isEqualTo(text);
        } catch (MalformedSealedValueException expected) {
            assertThat(expected).hasMessage("not a valid ek1 sealed value");
        }
    }

    @Property
    void near_misses_throw_nothing_but_the_parser_error(@ForAll("nearMisses") String text) {
        try {
            assertThat(SealedValue.parse(text).format()).isEqualTo(text);
        } catch (MalformedSealedValueException expected) {
            assertThat(expected).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Property
    void format_then_parse_is_identity(@ForAll @IntRange(min = 1) int version,
                                       @ForAll @Size(min = 81, max = 400) byte[] payload) {
        SealedValue value = SealedValue.of(KeyVersion.of(version), payload);

        assertThat(SealedValue.parse(value.format())).isEqualTo(value);
    }

    @Provide
    Arbitrary<String> nearMisses() {
        Arbitrary<String> versions = Arbitraries.oneOf(Arbitraries.integers().between(-5, 100).map(String::valueOf),
                Arbitraries.strings().withChars("0123456789+-").ofMaxLength(12));
        Arbitrary<String> payloads = Arbitraries.strings()
                .withChars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ ")
                .ofMinLength(0).ofMaxLength(160);
        return net.jqwik.api.Combinators.combine(versions, payloads).as((v, p) -> "ek1:" + v + ":" + p);
    }
}

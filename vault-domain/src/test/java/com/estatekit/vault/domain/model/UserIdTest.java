package com.estatekit.vault.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "42", "9223372036854775807"})
    void canonical_positive_decimals_parse(String text) {
        assertThat(UserId.parse(text).value()).isEqualTo(Long.parseLong(text));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "-1", "+1", "01", "1.0", "1e3", " 1", "1 ", "0x10", "9223372036854775808",
            "99999999999999999999", "١٢", "4_2", "abc"})
    void anything_else_is_refused_without_echoing_it(String text) {
        assertThatThrownBy(() -> UserId.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("user id must be a positive 64-bit integer");
    }

    @Test
    void zero_and_negative_values_are_refused() {
        assertThatThrownBy(() -> UserId.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UserId.of(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ids_order_numerically_and_print_as_decimal() {
        assertThat(UserId.of(9).compareTo(UserId.of(10))).isNegative();
        assertThat(UserId.of(42)).hasToString("42");
    }
}

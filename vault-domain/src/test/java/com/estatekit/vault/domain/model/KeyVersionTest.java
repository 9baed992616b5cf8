package com.estatekit.vault.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KeyVersionTest {

    @Test
    void versions_start_at_one_and_grow_by_one() {
        assertThat(KeyVersion.FIRST.value()).isEqualTo(1);
        assertThat(KeyVersion.FIRST.next()).isEqualTo(KeyVersion.of(2));
    }

    @Test
    void versions_below_one_are_refused() {
        assertThatThrownBy(() -> KeyVersion.of(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> KeyVersion.of(-3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_largest_version_has_no_next() {
        assertThatThrownBy(() -> KeyVersion.of(Integer.MAX_VALUE).next()).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"0", "01", "+1", "-1", "2147483648", "1a", " 1"})
    void non_canonical_text_is_refused(String text) {
        assertThatThrownBy(() -> KeyVersion.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void canonical_text_parses() {
        assertThat(KeyVersion.parse("2147483647").value()).isEqualTo(Integer.MAX_VALUE);
    }
}

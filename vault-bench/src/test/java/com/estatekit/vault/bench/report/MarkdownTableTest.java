package com.estatekit.vault.bench.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MarkdownTableTest {

    @Test
    void renders_a_header_a_separator_that_right_aligns_numeric_columns_and_the_rows() {
        String table = MarkdownTable.of("operation", ">strings/s").row("encrypt", "9,876").row("decrypt", 12).render();

        assertThat(table).isEqualTo("""
                | operation | strings/s |
                | --- | ---: |
                | encrypt | 9,876 |
                | decrypt | 12 |
                """);
    }

    @Test
    void a_cell_cannot_break_the_table() {
        String table = MarkdownTable.of("reason").row("status 500 | oops\nsecond line").render();

        assertThat(table).endsWith("| status 500 \\| oops second line |\n");
    }

    @Test
    void a_row_needs_one_cell_per_column() {
        assertThatThrownBy(() -> MarkdownTable.of("a", "b").row("only one")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbers_use_a_fixed_locale_and_about_three_significant_digits() {
        assertThat(MarkdownTable.number(12345.678, 1)).isEqualTo("12,345.7");
        assertThat(MarkdownTable.significant(12345.6)).isEqualTo("12,346");
        assertThat(MarkdownTable.significant(42.42)).isEqualTo("42.4");
        assertThat(MarkdownTable.significant(4.242)).isEqualTo("4.24");
        assertThat(MarkdownTable.significant(0.04242)).isEqualTo("0.042");
        assertThat(MarkdownTable.significant(Double.NaN)).isEqualTo("n/a");
    }
}
